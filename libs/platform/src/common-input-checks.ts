import type { FieldProblem } from './errors.js';
import { hasControlCharacters } from './input-rules.js';
import { MULTI_LINE_TEXT } from './input-validators.js';

type Constructor = abstract new (...args: never[]) => unknown;

/** What `@ApiProperty` records of a DTO property: the one description of the API and of its checks. */
interface DocumentedProperty {
  type?: unknown;
  nullable?: boolean;
}

const SWAGGER_PROPERTY = 'swagger/apiModelProperties';
const PLAIN_TYPES = new Set<unknown>([Object, Array, String, Number, Boolean, Date]);

/** Keeps a field name printable in an error: a control character in a key reads as `?`. */
function printable(key: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return key.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?');
}

function documented(type: Constructor | undefined, key: string): DocumentedProperty | undefined {
  if (type === undefined) return undefined;
  return Reflect.getMetadata(SWAGGER_PROPERTY, type.prototype as object, key) as
    DocumentedProperty | undefined;
}

/** The DTO class of a nested object (or of each element of a nested list), when the DTO declares one. */
function nestedType(property: DocumentedProperty | undefined): Constructor | undefined {
  const type = Array.isArray(property?.type) ? (property.type as unknown[])[0] : property?.type;
  return typeof type === 'function' && !PLAIN_TYPES.has(type) && type.prototype !== undefined
    ? (type as Constructor)
    : undefined;
}

/**
 * What no DTO can be trusted to check on its own, for every body, query and
 * route parameter of every route, by field path: control characters in any
 * string or key (tab and line breaks pass only in fields marked
 * `@MultiLineText()` and in a whole-text body such as a CSV file), and `null`
 * in a DTO field not documented `nullable` (class-validator's `@IsOptional()`
 * would let it through as if absent). Bodies declared `unknown` are still
 * walked for control characters.
 */
export function commonInputProblems(
  value: unknown,
  type?: Constructor,
  root = '',
  limit = 20,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (node: unknown, path: string, owner: Constructor | undefined, multiLine: boolean): void => {
    if (problems.length >= limit) return;
    if (typeof node === 'string') {
      if (hasControlCharacters(node, multiLine))
        problems.push({ field: path || 'body', message: 'must not contain control characters' });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, path ? `${path}.${i}` : String(i), owner, multiLine));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      const field = path ? `${path}.${printable(key)}` : printable(key);
      if (hasControlCharacters(key))
        problems.push({ field, message: 'field name must not contain control characters' });
      const property = documented(owner, key);
      if (child === null && property !== undefined && property.nullable !== true)
        problems.push({ field, message: 'must not be null (leave it out instead)' });
      const multi =
        owner !== undefined && Reflect.getMetadata(MULTI_LINE_TEXT, owner.prototype as object, key) === true;
      visit(child, field, nestedType(property), multi);
    }
  };
  visit(value, root, type, typeof value === 'string' && root === '');
  return problems;
}

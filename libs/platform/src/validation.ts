import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { commonInputProblems } from './common-input-checks.js';
import type { FieldProblem } from './errors.js';
import { validationProblem } from './problem.filter.js';

/** Flattens class-validator's nested errors into `field.path: message` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children && error.children.length > 0)
      out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * The global pipe: the common checks (control characters, undocumented `null`)
 * run on every body, query and route parameter first, whatever the route
 * declares, then the DTO's own rules.
 */
export class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = commonInputProblems(value, metadata.metatype, metadata.data ?? '');
      if (problems.length > 0) throw validationProblem(problems);
    }
    return super.transform(value, metadata);
  }
}

/** Whitelists DTO fields, rejects unknown ones, converts types, answers 400 problem+json. */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  });
}

import { CsvError, parse } from 'csv-parse/sync';
import { checkConsistency, isCalendarDate, validateNationalId, validatePhone } from './national-id.js';
import type { FieldProblem } from '#anlao/platform';
import {
  ECONOMIC_STATUSES,
  FAMILY_STATUSES,
  HUKOU,
  LIVING_ARRANGEMENTS,
  SELF_CARE_LEVELS,
  SEXES,
  type ResidentInput,
  type Sex,
} from './resident.types.js';

export type ValidResidentInput = ResidentInput & { birthDate: string; sex: Sex };

export type ResidentInputResult =
  { ok: true; input: ValidResidentInput } | { ok: false; problems: FieldProblem[] };

const COMMUNITY_CODE = /^[0-9A-Za-z-]{1,32}$/;
const CODE = /^[a-z0-9-]{1,32}$/;
const MAX_CODES = 20;
// Tab, line feed and carriage return are folded into spaces rather than refused.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

type Input = Partial<Record<keyof ResidentInput, unknown>>;

/** Trimmed text, undefined when absent (undefined, null or blank), null when not text at all. */
function textOf(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

class Checker {
  /** `message` never holds the submitted value: problems end up in API errors and import reports. */
  readonly problems: FieldProblem[] = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  required(input: Input, field: keyof ResidentInput): string | undefined {
    const value = textOf(input[field]);
    if (value === undefined) this.add(field, 'is required');
    else if (value === null) this.add(field, 'must be text');
    return value ?? undefined;
  }

  optional(input: Input, field: keyof ResidentInput): string | undefined {
    const value = textOf(input[field]);
    if (value === null) this.add(field, 'must be text');
    return value ?? undefined;
  }

  /** Line breaks in a spreadsheet cell become single spaces; other control characters are refused. */
  freeText(input: Input, field: 'name' | 'address', max: number): string | undefined {
    const raw = this.required(input, field);
    if (raw === undefined) return undefined;
    const value = raw.replace(/\s+/g, ' ');
    if (CONTROL.test(value)) this.add(field, 'must not contain control characters');
    // Counted in code points, so a rare character outside the BMP counts once.
    else if ([...value].length > max) this.add(field, `must be 1-${max} characters`);
    else return value;
    return undefined;
  }

  oneOf<T extends string>(
    field: keyof ResidentInput,
    values: readonly T[],
    value: string | undefined,
  ): T | undefined {
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.add(field, `one of ${values.join(', ')}`);
    return undefined;
  }

  /** Codes come as an array (HTTP) or as one '|'-separated string (CSV). */
  codes(input: Input, field: 'disabilities' | 'chronicConditions'): string[] {
    const raw = input[field];
    if (raw === undefined || raw === null) return [];
    const list = typeof raw === 'string' ? raw.split('|') : Array.isArray(raw) ? (raw as unknown[]) : null;
    if (list === null || list.some((code) => typeof code !== 'string')) {
      this.add(field, "must be a list of codes (in a CSV file, separated by '|')");
      return [];
    }
    const codes = [...new Set((list as string[]).map((code) => code.trim()).filter((code) => code !== ''))];
    if (codes.some((code) => !CODE.test(code))) {
      this.add(field, 'codes are 1-32 characters of a-z, 0-9, -');
    } else if (codes.length > MAX_CODES) {
      this.add(field, `at most ${MAX_CODES} codes`);
    }
    return codes;
  }
}

/**
 * Validates what staff typed for one resident (an HTTP body or a CSV row). The national
 * ID is normalized, and sex and birth date are taken from it (and must agree with it
 * when also given). Codes lists are always returned, empty when absent.
 */
export function validateResidentInput(input: Input, today: string): ResidentInputResult {
  const check = new Checker();

  const rawId = check.required(input, 'nationalId');
  const parsed = rawId === undefined ? undefined : validateNationalId(rawId, today);
  if (parsed && !parsed.ok) check.add('nationalId', parsed.reason);

  const name = check.freeText(input, 'name', 50);
  const sex = check.oneOf('sex', SEXES, check.optional(input, 'sex'));

  const rawBirthDate = check.optional(input, 'birthDate');
  let birthDate: string | undefined;
  if (rawBirthDate !== undefined) {
    if (isCalendarDate(rawBirthDate)) birthDate = rawBirthDate;
    else check.add('birthDate', 'must be a date YYYY-MM-DD');
  }
  if (parsed?.ok) {
    for (const problem of checkConsistency(parsed, { birthDate, sex })) {
      const at = problem.indexOf(': ');
      check.add(problem.slice(0, at), problem.slice(at + 2));
    }
  }

  const rawPhone = check.required(input, 'phone');
  const phone = rawPhone === undefined ? undefined : validatePhone(rawPhone);
  if (phone && !phone.ok) check.add('phone', phone.reason);

  const address = check.freeText(input, 'address', 200);
  const communityCode = check.required(input, 'communityCode');
  if (communityCode !== undefined && !COMMUNITY_CODE.test(communityCode)) {
    check.add('communityCode', '1-32 characters of 0-9, A-Z, a-z, -');
  }

  const hukou = check.oneOf('hukou', HUKOU, check.required(input, 'hukou'));
  const livingArrangement = check.oneOf(
    'livingArrangement',
    LIVING_ARRANGEMENTS,
    check.required(input, 'livingArrangement'),
  );
  const familyStatus = check.oneOf('familyStatus', FAMILY_STATUSES, check.required(input, 'familyStatus'));
  const economicStatus = check.oneOf(
    'economicStatus',
    ECONOMIC_STATUSES,
    check.required(input, 'economicStatus'),
  );
  const selfCare = check.oneOf('selfCare', SELF_CARE_LEVELS, check.required(input, 'selfCare'));
  const disabilities = check.codes(input, 'disabilities');
  const chronicConditions = check.codes(input, 'chronicConditions');

  if (
    check.problems.length > 0 ||
    !parsed?.ok ||
    name === undefined ||
    !phone?.ok ||
    address === undefined ||
    communityCode === undefined ||
    hukou === undefined ||
    livingArrangement === undefined ||
    familyStatus === undefined ||
    economicStatus === undefined ||
    selfCare === undefined
  ) {
    return { ok: false, problems: check.problems };
  }
  return {
    ok: true,
    input: {
      nationalId: parsed.id,
      name,
      sex: parsed.sex,
      birthDate: parsed.birthDate,
      phone: phone.phone,
      address,
      communityCode,
      hukou,
      livingArrangement,
      familyStatus,
      economicStatus,
      selfCare,
      disabilities,
      chronicConditions,
    },
  };
}

export const RESIDENT_CSV_COLUMNS = [
  'nationalId',
  'name',
  'sex',
  'birthDate',
  'phone',
  'address',
  'communityCode',
  'hukou',
  'livingArrangement',
  'familyStatus',
  'economicStatus',
  'selfCare',
  'disabilities',
  'chronicConditions',
] as const satisfies readonly (keyof ResidentInput)[];

const OPTIONAL_COLUMNS: ReadonlySet<string> = new Set([
  'sex',
  'birthDate',
  'disabilities',
  'chronicConditions',
]);
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(RESIDENT_CSV_COLUMNS);

export interface ResidentCsvResult {
  rows: { line: number; input: ValidResidentInput }[];
  rejected: { line: number; reasons: string[] }[];
}

/**
 * Names an unknown column only when it looks like a column name: a file without its
 * header row would otherwise put a resident's name, ID or address into the error.
 */
function describeUnknown(columns: string[]): string {
  const named = columns.filter((c) => /^[A-Za-z][A-Za-z0-9 _-]{0,39}$/.test(c));
  const others = columns.length - named.length;
  return [...named, ...(others > 0 ? [`${others} unrecognizable`] : [])].join(', ');
}

function checkHeader(header: string[]): void {
  const unknown = header.filter((c) => !KNOWN_COLUMNS.has(c));
  const missing = RESIDENT_CSV_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) && !header.includes(c));
  const duplicate = [...new Set(header.filter((c, i) => KNOWN_COLUMNS.has(c) && header.indexOf(c) !== i))];
  const faults = [
    ...(unknown.length > 0 ? [`unknown column(s): ${describeUnknown(unknown)}`] : []),
    ...(missing.length > 0 ? [`missing column(s): ${missing.join(', ')}`] : []),
    ...(duplicate.length > 0 ? [`duplicate column(s): ${duplicate.join(', ')}`] : []),
  ];
  if (faults.length > 0) throw new Error(faults.join('; '));
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Parses a resident import file. The whole file is refused (thrown Error) when it is not
 * CSV or its header is wrong; otherwise each row is accepted or rejected on its own, with
 * its 1-based line in the file (the line it starts on, counting line breaks inside quoted
 * fields) and reasons of the form 'column: rule' that never contain the row's values.
 */
export function parseResidentCsv(text: string, today: string): ResidentCsvResult {
  let records: ParsedRecord[];
  try {
    // Rows are arrays, not `columns: true` objects, so that a repeated header or a row
    // with too many or too few fields is seen instead of silently merged or dropped.
    // CRLF is folded to LF first because csv-parse counts a quoted CRLF as two lines.
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      info: true,
    }) as unknown as ParsedRecord[];
  } catch (err) {
    // csv-parse messages can quote the offending field, so neither its message nor the
    // error itself (as a logged `cause`) goes on: only its code and line.
    if (err instanceof CsvError) {
      const line = typeof err['lines'] === 'number' ? ` near line ${String(err['lines'])}` : '';
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`not a valid CSV file (${err.code}${line})`);
    }
    throw err;
  }

  const [headerRecord, ...dataRecords] = records;
  const header = headerRecord?.record ?? [];
  checkHeader(header);

  const result: ResidentCsvResult = { rows: [], rejected: [] };
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of dataRecords) {
    const line = info.lines - record.reduce((n, field) => n + field.split('\n').length - 1, 0);
    if (record.length !== header.length) {
      result.rejected.push({
        line,
        reasons: [`row: has ${record.length} fields, the header has ${header.length}`],
      });
      continue;
    }
    const input: Partial<Record<string, string>> = {};
    for (const [i, column] of header.entries()) input[column] = record[i];
    const validated = validateResidentInput(input, today);

    const reasons = validated.ok ? [] : validated.problems.map((p) => `${p.field}: ${p.message}`);
    const id = validateNationalId(input['nationalId'] ?? '', today);
    if (id.ok) {
      const earlier = firstLineOf.get(id.id);
      if (earlier === undefined) firstLineOf.set(id.id, line);
      else reasons.push(`nationalId: appears earlier in this file (line ${earlier})`);
    }

    if (validated.ok && reasons.length === 0) result.rows.push({ line, input: validated.input });
    else result.rejected.push({ line, reasons });
  }
  return result;
}

import type { Sex } from './resident.types.js';

/** A valid national ID and the facts it encodes. */
export interface ParsedNationalId {
  ok: true;
  /** Trimmed, with an upper-case check character. */
  id: string;
  birthDate: string;
  sex: Sex;
  regionCode: string;
}

/** `reason` never contains the number: it is shown in API errors and import reports. */
export type NationalIdResult = ParsedNationalId | { ok: false; reason: string };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The parts of a 'YYYY-MM-DD' calendar date, or null when it is not one.
 * Pure arithmetic on the digits: a calendar date has no time zone, and JS Date getters
 * would shift it by the process's zone.
 */
export function parseCalendarDate(value: string): { year: number; month: number; day: number } | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isCalendarDate(value: string): boolean {
  return parseCalendarDate(value) !== null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function nationalIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Validates an 18-character resident identity number (GB 11643-1999). `today` is 'YYYY-MM-DD'. */
export function validateNationalId(raw: string, today: string): NationalIdResult {
  if (!isCalendarDate(today)) throw new RangeError('today must be a YYYY-MM-DD calendar date');
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, reason: 'must be 18 characters' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  if (id.startsWith('0')) return { ok: false, reason: 'region code must not start with 0' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const date = parseCalendarDate(birthDate);
  if (!date) return { ok: false, reason: 'birth date part is not a real date' };
  if (date.year < 1900) return { ok: false, reason: 'birth year is before 1900' };
  if (birthDate > today) return { ok: false, reason: 'birth date is in the future' };
  if (nationalIdCheckChar(id) !== id[17]) return { ok: false, reason: 'check digit does not match' };
  return {
    ok: true,
    id,
    birthDate,
    sex: Number(id.slice(14, 17)) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  };
}

/**
 * `2101**********1234`. Anything that is not 18 characters is masked completely, so a
 * malformed value can never leak more than a well-formed one.
 */
export function maskNationalId(id: string): string {
  const value = id.trim();
  if (value.length !== 18) return '*'.repeat(18);
  return `${value.slice(0, 4)}${'*'.repeat(10)}${value.slice(-4)}`;
}

/** Problems, as 'field: rule', when typed-in facts disagree with the number. */
export function checkConsistency(
  parsed: Pick<ParsedNationalId, 'birthDate' | 'sex'>,
  input: { birthDate?: string; sex?: Sex },
): string[] {
  const problems: string[] = [];
  if (input.birthDate !== undefined && input.birthDate !== parsed.birthDate) {
    problems.push('birthDate: does not match the national ID');
  }
  if (input.sex !== undefined && input.sex !== parsed.sex)
    problems.push('sex: does not match the national ID');
  return problems;
}

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0[1-9]\d{1,2}-?\d{7,8}$/;
const PHONE_RULE = 'must be a mobile number (11 digits starting 13-19) or a landline with area code';

/**
 * A mainland mobile or landline number, normalized to digits only (no +86, no '-') so
 * the same number typed two ways compares equal.
 */
export function validatePhone(raw: string): { ok: true; phone: string } | { ok: false; reason: string } {
  let value = raw.replace(/\s+/g, '');
  if (value === '') return { ok: false, reason: 'is required' };
  if (value.startsWith('+86')) {
    value = value.slice(3).replace(/^-/, '');
    // In international form a landline drops its trunk '0' (Beijing's area code 10 starts like a mobile).
    if (!MOBILE.test(value) && !value.startsWith('0')) value = `0${value}`;
  }
  if (MOBILE.test(value) || LANDLINE.test(value)) return { ok: true, phone: value.replace('-', '') };
  return { ok: false, reason: PHONE_RULE };
}

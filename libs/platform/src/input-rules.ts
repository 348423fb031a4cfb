import { localDay } from './time.js';

/**
 * The platform's rules for what a date, an instant and an org-unit path look
 * like: pure functions, shared by the class-validator decorators
 * (`input-validators.ts`) and by any code that reads such values from a file.
 */

const DAY_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day `YYYY-MM-DD` (no 30 February, no month 13). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY_SHAPE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whole days from `from` to `to` (both real calendar days). */
export function daysFromTo(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A day `n` days after (or before, when negative) a calendar day. */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/**
 * ISO 8601 date and time with a mandatory zone (`Z` or ±hh:mm): a time without
 * one would be read in the server's zone, which is a guess.
 */
const INSTANT_SHAPE =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** The instant an ISO 8601 timestamp with a zone denotes, or null when it is not a real one. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = INSTANT_SHAPE.exec(value);
  if (!m || !isCalendarDay(m[1])) return null;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (m[5] && (Number(m[6]) > 14 || Number(m[7]) > 59)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Org units are coded like the national division codes they extend: a city
 * `2101`, its district `210102`, a street `210102001`, a community
 * `210102001001`. A code is digits only; in a path each code extends its
 * parent's.
 */
export const ORG_UNIT_CODE = /^\d{2,15}$/;
export const MAX_ORG_UNIT_DEPTH = 6;

export function isOrgUnitCode(value: unknown): value is string {
  return typeof value === 'string' && ORG_UNIT_CODE.test(value);
}

export function isOrgUnitPath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 120) return false;
  const codes = value.split('.');
  if (codes.length > MAX_ORG_UNIT_DEPTH) return false;
  return codes.every((code, i) => {
    if (!isOrgUnitCode(code)) return false;
    const parent = i > 0 ? codes[i - 1] : undefined;
    return parent === undefined || (code.length > parent.length && code.startsWith(parent));
  });
}

/**
 * C0 controls (U+0000–U+001F), DEL and C1 controls (U+0080–U+009F). Tab, line
 * feed and carriage return are allowed only where a field is multi-line.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_LINE_BREAK = /[\u0000-\u001F\u007F-\u009F]/;

export function hasControlCharacters(text: string, multiLine = false): boolean {
  return (multiLine ? CONTROL : CONTROL_OR_LINE_BREAK).test(text);
}

/** Where "today" is decided for input rules: the city's zone, set once at start by `createApp`. */
let inputTimeZone = 'Asia/Shanghai';

export function setInputTimeZone(timeZone: string): void {
  inputTimeZone = timeZone;
}

export function todayForInput(now = new Date()): string {
  return localDay(now, inputTimeZone);
}

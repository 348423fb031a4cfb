/**
 * When an entry kept outside the business data (inbox, sessions, audit log) may
 * go. Retention is counted in whole UTC days: everything a pass prunes is older
 * than the start of today minus `days`, so an entry is kept at least `days` full
 * days and at most one more (plus the time to the next pass). Day-aligned
 * cutoffs also make every pass of one day agree on what to prune, whichever
 * process runs it (ADR 0020).
 */
export const DAY_MS = 86_400_000;

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day an instant falls on (`YYYY-MM-DD`): the bucket entries are pruned by. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** `day` moved by `n` days (negative: back). */
export function shiftDay(day: string, n: number): string {
  if (!DAY_FORMAT.test(day)) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
}

/** Entries from before this instant are past their retention. */
export function retentionCutoff(now: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`retention must be whole days ≥ 1: ${days}`);
  return new Date(startOfUtcDay(now).getTime() - days * DAY_MS);
}

/** How far back a bucketed collection's first pass looks when it has no record of an earlier one. */
export const FIRST_PASS_LOOKBACK_DAYS = 400;

/**
 * The day buckets a pass must empty, oldest first: every day that ended before
 * `cutoff` (a UTC midnight) and after the last day an earlier pass emptied, or,
 * without an earlier pass, the `lookbackDays` before the cutoff.
 */
export function expiredDays(
  cutoff: Date,
  prunedThrough: string | null,
  lookbackDays = FIRST_PASS_LOOKBACK_DAYS,
): string[] {
  const cutoffDay = utcDay(cutoff);
  const last = shiftDay(cutoffDay, -1);
  let day = prunedThrough === null ? shiftDay(cutoffDay, -lookbackDays) : shiftDay(prunedThrough, 1);
  const days: string[] = [];
  while (day <= last) {
    days.push(day);
    day = shiftDay(day, 1);
  }
  return days;
}

/** The later of two days (a pass never moves a collection's "pruned through" back). */
export function laterDay(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

import { wallClock } from '#anlao/platform';
/**
 * A centre's weekly opening hours: pure rules shared by the DTO's validators, the
 * change detection of a centre and the visit rule `visit.outside-opening-hours`.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening interval of a day, city-local wall-clock time `HH:MM` (`to` may be `24:00`). */
export interface OpeningInterval {
  from: string;
  to: string;
}

/** As sent: a weekday absent or `[]` is closed. */
export type OpeningHoursInput = Partial<Record<Weekday, OpeningInterval[]>>;
/** As stored: every weekday present, its intervals in time order. */
export type OpeningHours = Record<Weekday, OpeningInterval[]>;

/** Enough for a morning, an afternoon and two meal sittings; more is a typo, not a timetable. */
export const MAX_INTERVALS_PER_DAY = 4;

/** `from` is a minute of the day (00:00-23:59). */
export const FROM_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** `to` may also be 24:00: a canteen open until midnight (an interval never runs past it). */
export const TO_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

const MINUTES_PER_DAY = 1_440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Minutes since midnight of a valid `HH:MM`. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** What is wrong with one day's intervals, or null: each from < to, none overlapping (touching is fine). */
export function intervalsProblem(intervals: readonly OpeningInterval[]): string | null {
  if (intervals.some((i) => !FROM_TIME.test(i.from) || !TO_TIME.test(i.to))) return null; // the fields say so
  if (intervals.some((i) => minutesOf(i.from) >= minutesOf(i.to)))
    return 'every interval must end after it starts (from < to, within one day)';
  const sorted = sortIntervals(intervals);
  for (let k = 1; k < sorted.length; k++) {
    const [before, after] = [sorted[k - 1] as OpeningInterval, sorted[k] as OpeningInterval];
    if (minutesOf(after.from) < minutesOf(before.to)) return 'intervals must not overlap';
  }
  return null;
}

function sortIntervals(intervals: readonly OpeningInterval[]): OpeningInterval[] {
  return [...intervals]
    .map((i) => ({ from: i.from, to: i.to }))
    .sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
}

/** The stored form: all seven days, intervals in time order, nothing but `from`/`to`. */
export function normalizeOpeningHours(input: OpeningHoursInput): OpeningHours {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, sortIntervals(input[d] ?? [])])) as OpeningHours;
}

/** Equal timetables; `null` (no restriction) equals only `null`. Both are in stored form. */
export function sameOpeningHours(a: OpeningHours | null, b: OpeningHours | null): boolean {
  if (a === null || b === null) return a === b;
  return WEEKDAYS.every((d) => {
    const [x, y] = [a[d] ?? [], b[d] ?? []];
    return x.length === y.length && x.every((i, k) => i.from === y[k]?.from && i.to === y[k]?.to);
  });
}

/** Minute of the city-local week (Monday 00:00 = 0) of an instant. */
export function localWeekMinute(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return w.weekday * MINUTES_PER_DAY + w.hour * 60 + w.minute;
}

/**
 * Whether an instant falls within an interval of its local weekday, widened by `graceMinutes`
 * on both sides. The grace may cross midnight (and Sunday into Monday): a check-in at 23:50
 * is within a next day's 00:00 opening, so the week is treated as a ring.
 */
export function isWithinOpeningHours(
  hours: OpeningHours,
  instant: Date,
  timeZone: string,
  graceMinutes: number,
): boolean {
  const at = localWeekMinute(instant, timeZone);
  return WEEKDAYS.some((d, day) =>
    (hours[d] ?? []).some((i) => {
      const start = day * MINUTES_PER_DAY + minutesOf(i.from) - graceMinutes;
      const end = day * MINUTES_PER_DAY + minutesOf(i.to) + graceMinutes;
      return [at, at - MINUTES_PER_WEEK, at + MINUTES_PER_WEEK].some((m) => m >= start && m <= end);
    }),
  );
}

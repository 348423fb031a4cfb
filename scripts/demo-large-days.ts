/**
 * The large city's visits, as a plan: which months, which days, and each (centre, day)'s visits
 * from its own PRNG, so a month is the same whenever (and however often) it is sent. Pure.
 */
import { prng, seedOf } from './demo-random.js';

/** Visits per elder per year, all centres together. */
export const VISITS_PER_ELDER_YEAR = 10;
/** Weekdays in a year: visits fall on weekdays only. */
const WEEKDAYS_PER_YEAR = 261;
export const ACTIVITIES = ['meal', 'rehabilitation', 'recreation', 'health-check', 'day-care'] as const;
const DAY_MS = 86_400_000;

export interface LargeVisit {
  visitId: string;
  residentId: string;
  activity: string;
  checkInAt: string;
  checkOutAt: string;
}

export interface MonthPlan {
  month: string;
  /** Its weekdays (city-local calendar days) from the period's first day to its last. */
  days: string[];
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Yesterday in the city (Asia/Shanghai, UTC+8): the last day with visits. */
export function cityYesterday(now: Date): string {
  return dayOf(now.getTime() + 8 * 3_600_000 - DAY_MS);
}

/** The last `months` calendar months up to `until` (its own month only up to that day), weekdays only. */
export function visitMonths(until: string, months: number): MonthPlan[] {
  const end = Date.parse(`${until}T00:00:00Z`);
  const last = new Date(end);
  const start = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - (months - 1), 1);
  const plan: MonthPlan[] = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const day = dayOf(t);
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const month = day.slice(0, 7);
    if (plan[plan.length - 1]?.month !== month) plan.push({ month, days: [] });
    plan[plan.length - 1]?.days.push(day);
  }
  return plan;
}

/** A (centre, day)'s PRNG: the same visits whichever day the load runs. */
const dayRandom = (seed: number, centreId: string, day: string) => prng(seedOf(`${seed}:${centreId}:${day}`));

/** How many visits a centre serving `elders` has on `day`: the yearly mean ±20 %. */
export function visitsOnDay(seed: number, centreId: string, day: string, elders: number): number {
  const mean = (elders * VISITS_PER_ELDER_YEAR) / WEEKDAYS_PER_YEAR;
  return Math.min(elders, Math.round(mean * (0.8 + 0.4 * dayRandom(seed, centreId, day)())));
}

/**
 * A centre's visits on `day` by `pool` (its street's residents, in row order): distinct elders,
 * check-in 08:00–11:00 Beijing time (00:00–03:00 UTC), stays of 30 minutes to 5 hours.
 */
export function visitsOf(seed: number, centreId: string, day: string, pool: readonly string[]): LargeVisit[] {
  const random = dayRandom(seed, centreId, day);
  const mean = (pool.length * VISITS_PER_ELDER_YEAR) / WEEKDAYS_PER_YEAR;
  const count = Math.min(pool.length, Math.round(mean * (0.8 + 0.4 * random())));
  const midnight = Date.parse(`${day}T00:00:00Z`);
  const seen = new Set<number>();
  const visits: LargeVisit[] = [];
  for (let n = 0; n < count; n++) {
    let who = Math.floor(random() * pool.length);
    while (seen.has(who)) who = Math.floor(random() * pool.length);
    seen.add(who);
    const checkIn = midnight + Math.floor(random() * 180) * 60_000;
    const stay = (30 + Math.floor(random() * 271)) * 60_000;
    visits.push({
      visitId: `${day}-${String(n).padStart(4, '0')}`,
      residentId: pool[who] as string,
      activity: ACTIVITIES[Math.floor(random() * ACTIVITIES.length)] as string,
      checkInAt: new Date(checkIn).toISOString(),
      checkOutAt: new Date(checkIn + stay).toISOString(),
    });
  }
  return visits;
}

/**
 * Whether a day's visits are inside the centres' late window at `now` (with an hour to spare:
 * a month takes a while to send). The earliest check-in of a day is 00:00 UTC.
 */
export function insideLateWindow(day: string, now: number, windowDays: number): boolean {
  return Date.parse(`${day}T00:00:00Z`) >= now - windowDays * DAY_MS + 3_600_000;
}

/** The smallest VISIT_LATE_WINDOW_DAYS that takes every visit from `day` on for the next `hours`. */
export function windowNeeded(day: string, now: number, hours = 24): number {
  return Math.ceil((now + hours * 3_600_000 - Date.parse(`${day}T00:00:00Z`)) / DAY_MS);
}

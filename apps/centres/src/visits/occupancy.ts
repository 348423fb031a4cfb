import { addDays, localDay, startOfLocalDay, wallClock } from '#anlao/platform';
import { CLOCK_SKEW_MS, MAX_STAY_MS } from './visit-rules.js';

/** What presence needs of a visit. */
export interface Stay {
  checkInAt: Date;
  checkOutAt: Date | null;
  voidedAt?: Date | null;
}

export const CURVE_STEP_MINUTES = [15, 30, 60] as const;
export type CurveStepMinutes = (typeof CURVE_STEP_MINUTES)[number];

/**
 * How long a visit that was never checked out counts as present, once its check-out can
 * no longer come (its check-in is a whole maximum stay ago). A missing check-out is
 * mostly a forgotten swipe on leaving: counting such a visit to the end of its day (or
 * for the 24 h a stay may last) would inflate the peak and raise false "over capacity"
 * readings, while counting it for no time would hide that the resident came. One hour
 * is the short end of the centres' activities (a meal, a health check), and it is the
 * longest step of the curve, so such a visit is seen at exactly one step or more,
 * whichever step the caller picks.
 */
export const UNCLOSED_STAY_MS = 60 * 60_000;

/**
 * Whether a visit may still be going on: not voided, not checked out, and checked in
 * less than the longest stay ago (a stay is at most 24 h, so an older open visit has
 * certainly ended, only its check-out was never reported).
 */
export function mayBePresent(v: Stay, now: Date): boolean {
  return !v.voidedAt && !v.checkOutAt && now.getTime() - v.checkInAt.getTime() < MAX_STAY_MS;
}

/** The visits present now, by check-in. */
export function presentNow<T extends Stay>(visits: T[], now: Date): T[] {
  return visits
    .filter((v) => mayBePresent(v, now))
    .sort((a, b) => a.checkInAt.getTime() - b.checkInAt.getTime());
}

/**
 * The city-local days a visit present now may have been checked in on: a stay lasts at
 * most 24 h, and a centre's clock may run a few minutes ahead of ours (past midnight).
 */
export function daysOfPresentVisits(now: Date, timeZone: string): string[] {
  const instants = [now.getTime() - MAX_STAY_MS, now.getTime(), now.getTime() + CLOCK_SKEW_MS];
  return [...new Set(instants.map((t) => localDay(new Date(t), timeZone)))];
}

/** The days whose visits may be present during `day`: that day and the one before (stays ≤ 24 h). */
export function daysOfCurve(day: string): string[] {
  return [addDays(day, -1), day];
}

/** Present / capacity, to three decimals; null for a centre registered with no places. */
export function shareOf(present: number, capacity: number): number | null {
  return capacity > 0 ? Math.round((present / capacity) * 1000) / 1000 : null;
}

/**
 * When a visit stops counting as present (exclusive): its check-out; for an open visit
 * that may still be going on, never (the curve stops at now); for one that can no longer
 * be closed, its check-in plus `UNCLOSED_STAY_MS`.
 */
export function presenceEnd(v: Stay, now: Date): number {
  if (v.checkOutAt) return v.checkOutAt.getTime();
  if (mayBePresent(v, now)) return Number.POSITIVE_INFINITY;
  return v.checkInAt.getTime() + UNCLOSED_STAY_MS;
}

/** The local wall-clock time `HH:mm` of an instant. */
export function localTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** The steps of a local day from its first instant, none after `now` (nothing is foretold). */
export function curveSteps(day: string, stepMinutes: number, timeZone: string, now: Date): Date[] {
  const end = Math.min(startOfLocalDay(addDays(day, 1), timeZone).getTime(), now.getTime() + 1);
  const steps: Date[] = [];
  for (let t = startOfLocalDay(day, timeZone).getTime(); t < end; t += stepMinutes * 60_000)
    steps.push(new Date(t));
  return steps;
}

export interface CurvePoint {
  at: string;
  time: string;
  present: number;
}

export interface Curve {
  points: CurvePoint[];
  /** The first step with the most residents present; null when the day has no step yet. */
  peak: CurvePoint | null;
}

/**
 * How many residents are present at each step of a day: a visit counts from its check-in
 * (inclusive) to `presenceEnd` (exclusive), so a check-out exactly at a step is gone at
 * that step. Voided visits count nowhere. `visits` are those of the day and the day
 * before (a stay over midnight counts on both days).
 */
export function occupancyCurve(
  visits: Stay[],
  opts: { day: string; stepMinutes: number; timeZone: string; now: Date },
): Curve {
  const stays = visits
    .filter((v) => !v.voidedAt)
    .map((v) => ({ from: v.checkInAt.getTime(), to: presenceEnd(v, opts.now) }));
  const points = curveSteps(opts.day, opts.stepMinutes, opts.timeZone, opts.now).map((step) => {
    const t = step.getTime();
    return {
      at: step.toISOString(),
      time: localTime(step, opts.timeZone),
      present: stays.filter((s) => s.from <= t && t < s.to).length,
    };
  });
  const peak = points.reduce<CurvePoint | null>(
    (best, p) => (!best || p.present > best.present ? p : best),
    null,
  );
  return { points, peak };
}

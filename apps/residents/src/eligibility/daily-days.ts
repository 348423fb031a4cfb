import { addDays, localDay } from '#anlao/platform';

/**
 * The days the daily eligibility job still owes, in order: every day after the last
 * one it completed, through today. On its very first run it starts at `firstDay` (a
 * configured start) or today. Nothing when it is up to date, or when the configured
 * start lies ahead.
 */
export function daysToRun(lastCompleted: string | null, today: string, firstDay?: string): string[] {
  const start = lastCompleted ? addDays(lastCompleted, 1) : (firstDay ?? today);
  const days: string[] = [];
  for (let day = start; day <= today; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * Milliseconds from `now` until a minute past the next local midnight (the minute
 * leaves room for a clock slightly behind). Found by stepping, so a day of 23 or 25
 * hours in a zone with daylight saving needs no special case.
 */
export function msUntilNextRun(now: Date, timeZone: string): number {
  const nowMs = now.getTime();
  const today = localDay(now, timeZone);
  // Whole minutes: zones are whole minutes off UTC, so midnight falls on one.
  let next = Math.floor(nowMs / 60_000) * 60_000 + 60_000;
  while (localDay(new Date(next), timeZone) === today) next += 15 * 60_000;
  // `next` lies less than 15 minutes into the new day: walk back to its first minute.
  while (localDay(new Date(next - 60_000), timeZone) !== today) next -= 60_000;
  return next - nowMs + 60_000;
}

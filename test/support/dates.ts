/**
 * A UTC calendar day relative to today, `YYYY-MM-DD`. Visits older than the late
 * window (30 days) are refused, so tests that record visits date them from today.
 */
export function dayFromToday(offsetDays: number): string {
  const day = new Date();
  day.setUTCHours(0, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() + offsetDays);
  return day.toISOString().slice(0, 10);
}

/** The visit day most tests use: five days ago, so the day after it is past too. */
export const VISIT_DAY = dayFromToday(-5);

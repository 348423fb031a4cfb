import { DomainError } from '#anlao/platform';

/** Longest range of the report, in months. */
export const MAX_RANGE_MONTHS = 24;
/** The months a report covers when `from` is not given (ending at `to`). */
export const DEFAULT_RANGE_MONTHS = 12;

/** `month` moved by `n` months (YYYY-MM). */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = (y ?? 0) * 12 + (m ?? 1) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months of a report, or 400 naming `to` (after `from`, or more than MAX_RANGE_MONTHS). */
export function rangeOf(from: string | undefined, to: string): string[] {
  const start = from ?? shiftMonth(to, 1 - DEFAULT_RANGE_MONTHS);
  // Stops one past the limit: enough to refuse a longer range without listing it.
  const months: string[] = [];
  for (let m = start; m <= to && months.length <= MAX_RANGE_MONTHS; m = shiftMonth(m, 1)) months.push(m);
  if (months.length === 0 || months.length > MAX_RANGE_MONTHS)
    throw new DomainError(
      'invalid',
      'range.invalid',
      `from must not be after to, and at most ${MAX_RANGE_MONTHS} months`,
      [{ field: 'to', message: `on or after from, within ${MAX_RANGE_MONTHS} months` }],
    );
  return months;
}

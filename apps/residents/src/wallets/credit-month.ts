import { DomainError } from '#anlao/platform';

/** A month that may be credited: `YYYY-MM`, and begun by `today`. */
export function assertMonth(month: string, today: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new DomainError('invalid', 'wallet.invalid-month', 'month must be YYYY-MM', [
      { field: 'month', message: 'YYYY-MM' },
    ]);
  }
  if (month > today.slice(0, 7)) {
    throw new DomainError('invalid', 'wallet.future-month', 'a month is credited when it has begun', [
      { field: 'month', message: 'this month or earlier' },
    ]);
  }
  return month;
}

export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

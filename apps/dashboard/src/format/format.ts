import { currentLocale } from '../i18n';

/** Money is integer fen everywhere in the API; people read yuan. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return new Intl.NumberFormat(currentLocale(), {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: currentLocale() === 'en' ? 'code' : 'symbol',
    minimumFractionDigits: 2,
  }).format(fen / 100);
}

/** Yuan as a plain number for exports (a spreadsheet sums it): 12345 fen → 123.45. */
export function fenToYuanNumber(fen: number): number {
  return Math.round(fen) / 100;
}

export function integer(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 0 }).format(value);
}

export function decimal(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(currentLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A share 0–1 as a percentage; `null` (suppressed or no denominator) as a dash. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  return new Intl.NumberFormat(currentLocale(), {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(share);
}

export function date(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(
    d,
  );
}

export function dateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(currentLocale(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(d);
}

/** `2026-11` in the locale's words: 2026年11月 / Nov 2026. */
export function month(yyyyMm: string): string {
  const [y, m] = yyyyMm.split('-').map(Number);
  if (!y || !m) return yyyyMm;
  return new Intl.DateTimeFormat(currentLocale(), {
    year: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** This month in the city's time zone (Asia/Shanghai), as the reports key it. */
export function thisMonth(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone: 'Asia/Shanghai' })
    .format(now)
    .slice(0, 7);
}

import type { ApiError } from '../../api/problem';
import type { AccessibilityUnit, WalletParts } from './overview-api';

type Translate = (key: string, named?: Record<string, unknown>) => string;
type HasKey = (key: string) => boolean;

/** What a headline figure can be showing. */
export type KpiState = 'loading' | 'error' | 'unavailable' | 'ready';

/** One answer as a figure shows it: the answer for what the page asks now (or null), its loading and error. */
export interface Figure<T> {
  data: T | null;
  loading: boolean;
  error: ApiError | null;
}

export function stateOf<T>(figure: Figure<T>): KpiState {
  if (figure.data) return 'ready';
  if (figure.error) return 'error';
  return 'loading';
}

export const WALLET_PARTS = ['basicCare', 'livingServices'] as const;
export type WalletPart = (typeof WALLET_PARTS)[number];

export interface SubsidyRow {
  part: WalletPart | 'total';
  creditedFen: number;
  spentFen: number;
  /** Spent ÷ credited; `null` when nothing was credited. */
  used: number | null;
}

const ratio = (spent: number, credited: number): number | null => (credited > 0 ? spent / credited : null);
const sum = (parts: WalletParts): number => parts.basicCare + parts.livingServices;

/** Subsidy credited and spent in the month, per wallet part and in all. */
export function subsidyRows(use: AccessibilityUnit['use']): SubsidyRow[] {
  const rows: SubsidyRow[] = WALLET_PARTS.map((part) => ({
    part,
    creditedFen: use.creditedFen[part],
    spentFen: use.spentFen[part],
    used: ratio(use.spentFen[part], use.creditedFen[part]),
  }));
  const credited = sum(use.creditedFen);
  const spent = sum(use.spentFen);
  return [...rows, { part: 'total', creditedFen: credited, spentFen: spent, used: ratio(spent, credited) }];
}

export function subsidyTotal(use: AccessibilityUnit['use']): SubsidyRow {
  return subsidyRows(use)[WALLET_PARTS.length] as SubsidyRow;
}

/** A short sentence for an error inside a small card (the same wording as StatePanel's). */
export function errorText(error: ApiError | null | undefined, t: Translate, te: HasKey): string {
  if (!error) return t('common.error.generic');
  if (error.code === 'network') return t('common.error.network');
  if (te(`common.error.codes.${error.code}`)) return t(`common.error.codes.${error.code}`);
  if (error.notFoundOrForbidden) return t('common.error.notFound');
  if (error.status === 429) return t('common.error.tooMany');
  if (error.status >= 500) return t('common.error.server');
  return t('common.error.generic');
}

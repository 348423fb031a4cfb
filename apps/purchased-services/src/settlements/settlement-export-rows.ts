import type { SlaOverrides } from '#anlao/events';
import { serviceLevel } from '../orders/order-view.js';
import type { SettlementOrder } from './settlement-figures.js';

/**
 * The exports' order columns, in order: ids, codes, fen and instants, never a name, the
 * resident's id or the complaint's words. Money twice: integer fen (exact, for systems)
 * and yuan with two decimals (for people).
 */
export const EXPORT_COLUMNS = [
  'orderId',
  'serviceType',
  'deliveredAt',
  'priceFen',
  'priceYuan',
  'subsidyFen',
  'subsidyYuan',
  'copaymentFen',
  'copaymentYuan',
  'state',
  'late',
  'rating',
] as const;

export interface ExportRow {
  orderId: string;
  serviceType: string;
  deliveredAt: string;
  priceFen: number;
  priceYuan: string;
  subsidyFen: number | null;
  subsidyYuan: string | null;
  copaymentFen: number | null;
  copaymentYuan: string | null;
  state: string;
  late: boolean;
  rating: number | null;
}

// `late` reads only the request and the start (see settlement-figures.ts).
const NO_CLOCK = new Date(0);

export function exportRowOf(order: SettlementOrder, overrides: SlaOverrides): ExportRow {
  return {
    orderId: order._id,
    serviceType: order.serviceType,
    deliveredAt: order.endedAt ?? '',
    priceFen: order.priceFen ?? 0,
    priceYuan: yuan(order.priceFen ?? 0),
    subsidyFen: order.subsidyFen,
    subsidyYuan: order.subsidyFen === null ? null : yuan(order.subsidyFen),
    copaymentFen: order.copaymentFen,
    copaymentYuan: order.copaymentFen === null ? null : yuan(order.copaymentFen),
    state: order.state,
    late: serviceLevel(order, NO_CLOCK, overrides).late,
    rating: order.rating,
  };
}

/** Fen as yuan text, by integer arithmetic (no float rounding): 150 → "1.50", -5 → "-0.05". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `settlement-<contractId>-<YYYY-MM>.<ext>`: the id's colon is not a file-name character everywhere. */
export function exportFileName(contractId: string, month: string, ext: 'csv' | 'xlsx'): string {
  return `settlement-${contractId}-${month}.${ext}`;
}

import { createHash } from 'node:crypto';
import type { ServiceType, SlaOverrides } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import type { Order } from '../orders/order.schema.js';
import { serviceLevel } from '../orders/order-view.js';
import { DONE_STATES } from '../orders/order-state.js';

/** What a statement reads of an order: ids, codes, fen and instants (the complaint only as present or not). */
export type SettlementOrder = Pick<
  Order,
  | '_id'
  | 'serviceType'
  | 'state'
  | 'priceFen'
  | 'subsidyFen'
  | 'copaymentFen'
  | 'freeExperience'
  | 'rating'
  | 'complaint'
  | 'requestedAt'
  | 'startedAt'
  | 'endedAt'
>;

/** One line of the bill: deliveries of one service type at one unit price (an amendment may change the price mid-month). */
export interface SettlementLine {
  serviceType: ServiceType;
  unitPriceFen: number;
  count: number;
  amountFen: number;
}

/** A contract's month in figures. Money in integer fen; shares and means rounded as stated. */
export interface SettlementFigures {
  deliveredCount: number;
  /** Σ priceFen: what the buyer owes the provider for the month. */
  amountFen: number;
  byServiceType: SettlementLine[];
  /** Paid by the residents' wallets (the subsidy), and the elders' own share. Paid orders only. */
  subsidyFen: number;
  copaymentFen: number;
  paidCount: number;
  /** Delivered, the wallet has not answered yet. */
  paymentsPending: number;
  paymentsRejected: number;
  freeExperienceCount: number;
  onTimeCount: number;
  /** onTimeCount / deliveredCount, 4 decimals (as contract KPI targets are written); null without deliveries. */
  onTimeShare: number | null;
  ratedCount: number;
  /** Mean of the ratings given, 2 decimals; null when none was rated. */
  meanRating: number | null;
  complaints: number;
}

// `late` depends only on the request and the start; `now` decides `overdue`, which a delivered order never is.
const NO_CLOCK = new Date(0);

/**
 * Folds orders page by page, so a month of thousands of deliveries is never held at once.
 * Pure: no clock, no store; the same orders in any order give the same figures.
 */
export class FiguresFold {
  private readonly lines = new Map<string, SettlementLine>();
  private readonly sums = {
    deliveredCount: 0,
    amountFen: 0,
    subsidyFen: 0,
    copaymentFen: 0,
    paidCount: 0,
    paymentsPending: 0,
    paymentsRejected: 0,
    freeExperienceCount: 0,
    onTimeCount: 0,
    ratedCount: 0,
    ratingSum: 0,
    complaints: 0,
  };

  constructor(private readonly overrides: SlaOverrides) {}

  add(orders: readonly SettlementOrder[]): this {
    for (const order of orders) this.addOne(order);
    return this;
  }

  private addOne(order: SettlementOrder): void {
    // The index pair only ever holds delivered orders; anything else would not be owed.
    if (!DONE_STATES.includes(order.state)) return;
    if (order.priceFen === null)
      throw new DomainError(
        'unprocessable',
        'settlement.order-without-price',
        `order ${order._id} has no price`,
      );
    const s = this.sums;
    s.deliveredCount += 1;
    s.amountFen += order.priceFen;
    this.line(order.serviceType, order.priceFen);
    if (order.state === 'paid') {
      s.paidCount += 1;
      s.subsidyFen += order.subsidyFen ?? 0;
      s.copaymentFen += order.copaymentFen ?? 0;
      if (order.freeExperience) s.freeExperienceCount += 1;
    }
    if (order.state === 'delivered') s.paymentsPending += 1;
    if (order.state === 'payment-rejected') s.paymentsRejected += 1;
    if (!serviceLevel(order, NO_CLOCK, this.overrides).late) s.onTimeCount += 1;
    if (order.rating !== null) {
      s.ratedCount += 1;
      s.ratingSum += order.rating;
    }
    if (order.complaint !== null) s.complaints += 1;
  }

  private line(serviceType: ServiceType, unitPriceFen: number): void {
    const key = `${serviceType}|${unitPriceFen}`;
    const line = this.lines.get(key) ?? { serviceType, unitPriceFen, count: 0, amountFen: 0 };
    line.count += 1;
    line.amountFen += unitPriceFen;
    this.lines.set(key, line);
  }

  figures(): SettlementFigures {
    const { ratingSum, ...s } = this.sums;
    const byServiceType = [...this.lines.values()]
      .map((line) => ({ ...line }))
      .sort((a, b) =>
        a.serviceType === b.serviceType
          ? a.unitPriceFen - b.unitPriceFen
          : a.serviceType < b.serviceType
            ? -1
            : 1,
      );
    return {
      deliveredCount: s.deliveredCount,
      amountFen: s.amountFen,
      byServiceType,
      subsidyFen: s.subsidyFen,
      copaymentFen: s.copaymentFen,
      paidCount: s.paidCount,
      paymentsPending: s.paymentsPending,
      paymentsRejected: s.paymentsRejected,
      freeExperienceCount: s.freeExperienceCount,
      onTimeCount: s.onTimeCount,
      onTimeShare: roundedRatio(s.onTimeCount, s.deliveredCount, 4),
      ratedCount: s.ratedCount,
      meanRating: roundedRatio(ratingSum, s.ratedCount, 2),
      complaints: s.complaints,
    };
  }
}

/** The figures of a month's delivered orders, all at once (tests; small months). */
export function settlementFigures(
  orders: readonly SettlementOrder[],
  overrides: SlaOverrides,
): SettlementFigures {
  return new FiguresFold(overrides).add(orders).figures();
}

/** Half up, from integers: `Math.round(13 * 100 / 3) / 100` is 4.33, never 4.3299999. */
function roundedRatio(numerator: number, denominator: number, decimals: number): number | null {
  if (denominator === 0) return null;
  const scale = 10 ** decimals;
  return Math.round((numerator * scale) / denominator) / scale;
}

/**
 * SHA-256 (hex) of the figures written with sorted keys: what tells a regenerated statement
 * that changed from one that did not, whatever order the store gave the fields back in.
 */
export function contentHashOf(figures: SettlementFigures): string {
  return createHash('sha256').update(canonicalJson(figures)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

import type { ReportTable } from '../reports/table-export.js';

/** A provider's counters as stored (`accessibility_providers[id]`, `accessibility_provider_months[id:month]`). */
export interface ProviderCounters {
  dispatched?: number;
  declined?: number;
  delivered?: number;
  onTime?: number;
  failed?: number;
  rated?: number;
  ratingSum?: number;
  complaints?: number;
  deliveredFen?: number;
  /** All time only: the provider's contracts and their budgets (closed ones included). */
  contracts?: number;
  activeContracts?: number;
  budgetFen?: number;
}

export interface ScorecardFigures {
  dispatched: number;
  declined: number;
  /** declined ÷ dispatched, 4 decimals; null without dispatches. */
  declineRate: number | null;
  delivered: number;
  onTime: number;
  /** Delivered with the service started within the type's SLA ÷ delivered, 4 decimals. */
  onTimeShare: number | null;
  failed: number;
  rated: number;
  /** 2 decimals; null without ratings. */
  meanRating: number | null;
  /** Ratings where the elder complained (the payload's `complained`), whatever the stars. */
  complaints: number;
  deliveredFen: number;
  /** deliveredFen ÷ delivered, whole fen; null without deliveries. */
  costPerDeliveryFen: number | null;
}

export interface Scorecard {
  providerId: string;
  month: ScorecardFigures;
  overall: ScorecardFigures & {
    contracts: number;
    activeContracts: number;
    budgetFen: number;
    /** Fen of the services delivered under its contracts (what purchased-services spends on delivery). */
    spentFen: number;
    /** spentFen ÷ budgetFen, 4 decimals; null without budget. */
    budgetUsed: number | null;
  };
}

const ratio = (n: number, of: number, digits: number) =>
  of === 0 ? null : Math.round((n / of) * 10 ** digits) / 10 ** digits;

export function scorecardFigures(c: ProviderCounters | null): ScorecardFigures {
  const n = (k: keyof ProviderCounters) => c?.[k] ?? 0;
  const delivered = n('delivered');
  return {
    dispatched: n('dispatched'),
    declined: n('declined'),
    declineRate: ratio(n('declined'), n('dispatched'), 4),
    delivered,
    onTime: n('onTime'),
    onTimeShare: ratio(n('onTime'), delivered, 4),
    failed: n('failed'),
    rated: n('rated'),
    meanRating: ratio(n('ratingSum'), n('rated'), 2),
    complaints: n('complaints'),
    deliveredFen: n('deliveredFen'),
    costPerDeliveryFen: delivered === 0 ? null : Math.round(n('deliveredFen') / delivered),
  };
}

export function scorecard(
  providerId: string,
  overall: ProviderCounters | null,
  month: ProviderCounters | null,
): Scorecard {
  const all = scorecardFigures(overall);
  const budgetFen = overall?.budgetFen ?? 0;
  return {
    providerId,
    month: scorecardFigures(month),
    overall: {
      ...all,
      contracts: overall?.contracts ?? 0,
      activeContracts: overall?.activeContracts ?? 0,
      budgetFen,
      spentFen: all.deliveredFen,
      budgetUsed: ratio(all.deliveredFen, budgetFen, 4),
    },
  };
}

export interface ScorecardReport {
  month: string;
  providers: Scorecard[];
}

const FIGURES: (keyof ScorecardFigures)[] = [
  'dispatched',
  'declined',
  'declineRate',
  'delivered',
  'onTime',
  'onTimeShare',
  'failed',
  'rated',
  'meanRating',
  'complaints',
  'deliveredFen',
  'costPerDeliveryFen',
];
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One row per provider: the month's figures, then all time's with the budget. */
export function scorecardTable(report: ScorecardReport): ReportTable {
  const budget = ['contracts', 'activeContracts', 'budgetFen', 'spentFen', 'budgetUsed'] as const;
  return {
    name: `scorecards-${report.month}`,
    columns: [
      'provider',
      ...FIGURES.map((f) => `month_${snake(f)}`),
      ...FIGURES.map((f) => `overall_${snake(f)}`),
      ...budget.map((f) => `overall_${snake(f)}`),
    ],
    rows: report.providers.map((s) => [
      s.providerId,
      ...FIGURES.map((f) => s.month[f]),
      ...FIGURES.map((f) => s.overall[f]),
      ...budget.map((f) => s.overall[f]),
    ]),
    notes: [
      ['month', report.month],
      ['on time', 'service started within the service type’s SLA after the request'],
      ['complaints', 'ratings where the elder complained'],
    ],
  };
}

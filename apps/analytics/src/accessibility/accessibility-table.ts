import { ServiceType } from '#anlao/events';
import type { ReportTable } from '../reports/table-export.js';
import { ORDER_COUNTS, type AccessibilityReport, type AccessibilityRow } from './accessibility-report.js';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The columns and how each reads a row (the histogram stays in the JSON answer: median and p90 here). */
const COLUMNS: [string, (r: AccessibilityRow) => string | number | null][] = [
  ['unit', (r) => r.path],
  ['name', (r) => r.name],
  ['level', (r) => r.level],
  ['centres', (r) => r.supply.centres],
  ['capacity', (r) => r.supply.capacity],
  ['contracts', (r) => r.supply.contracts],
  ['budget_fen', (r) => r.supply.budgetFen],
  ...ServiceType.options.map((t): [string, (r: AccessibilityRow) => number] => [
    `contracts_${t}`,
    (r) => r.supply.serviceTypes[t] ?? 0,
  ]),
  ['licensed_workers', (r) => r.supply.licensedWorkers],
  ['eligible_elders', (r) => r.supply.eligibleElders],
  ['licensed_workers_per_1000', (r) => r.supply.licensedWorkersPerThousand],
  ['capacity_per_1000', (r) => r.supply.capacityPerThousand],
  ...ORDER_COUNTS.map((k): [string, (r: AccessibilityRow) => number] => [
    `orders_${snake(k)}`,
    (r) => r.delivery[k],
  ]),
  ['open_now', (r) => r.delivery.openNow],
  ['unassigned_now', (r) => r.delivery.unassignedNow],
  ['overdue_now', (r) => r.delivery.overdueNow],
  ['median_minutes', (r) => r.delivery.medianMinutes],
  ['p90_minutes', (r) => r.delivery.p90Minutes],
  ['visits', (r) => r.use.visits],
  ['visits_per_elder', (r) => r.use.visitsPerElder],
  ['credited_basic_care_fen', (r) => r.use.creditedFen.basicCare],
  ['credited_living_services_fen', (r) => r.use.creditedFen.livingServices],
  ['spent_basic_care_fen', (r) => r.use.spentFen.basicCare],
  ['spent_living_services_fen', (r) => r.use.spentFen.livingServices],
  ['free_experience_fen', (r) => r.use.freeExperienceFen],
  ['expired_fen', (r) => r.use.expiredFen],
  ['wallet_debits', (r) => r.use.debits],
  ['copayment_fen', (r) => r.use.copaymentFen],
  ['paid_orders', (r) => r.use.paidOrders],
];

/** One row per unit (the unit first, then its children), one column per figure. */
export function accessibilityTable(report: AccessibilityReport): ReportTable {
  return {
    name: `accessibility-${report.unit.path}-${report.month}`,
    columns: COLUMNS.map(([name]) => name),
    rows: [report.unit, ...report.children].map((row) => COLUMNS.map(([, read]) => read(row))),
    notes: [
      ['unit', report.unit.path],
      ['month', report.month],
      ['suppressed below', report.threshold],
      ['blank', 'suppressed (small count of people, or it would reveal one)'],
      ['now', 'centres, contracts, workers and open orders are as of now, whatever the month'],
    ],
  };
}

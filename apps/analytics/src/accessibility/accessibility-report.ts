import { ServiceType } from '#anlao/events';
import { suppress } from '../coverage/suppression.js';
import { coverageReport, type CoverageCounters, type UnitName } from '../coverage/coverage-table.js';
import { summariseLatency, type LatencySummary } from './latency-histogram.js';

type Counts<K extends string> = Partial<Record<K, number>>;

/** A unit's current counters as stored (`accessibility_units[unit]`); absent fields are zero. */
export interface UnitCounters {
  centres?: Counts<'active' | 'capacity'>;
  contracts?: Counts<'active' | 'budgetFen'> & { types?: Counts<string> };
  workers?: Counts<'licensed'>;
  orders?: Counts<'open' | 'unassigned' | 'overdue'>;
}

export const ORDER_COUNTS = [
  'requested',
  'dispatched',
  'accepted',
  'declined',
  'delivered',
  'failed',
  'cancelled',
  'overdue',
  'onTime',
  'deliveredFen',
] as const;
type OrderCount = (typeof ORDER_COUNTS)[number];

/** A unit-month's counters as stored (`accessibility_months[unit:YYYY-MM]`). */
export interface MonthCounters {
  orders?: Counts<OrderCount>;
  latency?: Counts<string>;
  use?: Counts<'expiredFen' | 'freeExperienceFen' | 'debits' | 'copaymentFen' | 'paidOrders'> & {
    credited?: Counts<'basicCare' | 'livingServices'>;
    spent?: Counts<'basicCare' | 'livingServices'>;
  };
}

export interface UnitFigures {
  name: UnitName;
  current: UnitCounters | null;
  month: MonthCounters | null;
  /** Coverage's counters of the unit-month (read, never written here). */
  coverage: CoverageCounters | null;
}

export interface AccessibilityRow extends UnitName {
  supply: {
    centres: number;
    capacity: number;
    contracts: number;
    budgetFen: number;
    /** Open contracts buying each service type. */
    serviceTypes: Record<string, number>;
    /** People: null when suppressed. */
    licensedWorkers: number | null;
    eligibleElders: number | null;
    licensedWorkersPerThousand: number | null;
    capacityPerThousand: number | null;
  };
  delivery: Record<OrderCount, number> & {
    openNow: number;
    unassignedNow: number;
    overdueNow: number;
  } & Omit<LatencySummary, 'deliveries'>;
  use: {
    visits: number;
    visitsPerElder: number | null;
    creditedFen: { basicCare: number; livingServices: number };
    spentFen: { basicCare: number; livingServices: number };
    freeExperienceFen: number;
    expiredFen: number;
    debits: number;
    copaymentFen: number;
    paidOrders: number;
  };
}

export interface AccessibilityReport {
  unit: AccessibilityRow;
  month: string;
  threshold: number;
  children: AccessibilityRow[];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const per = (n: number | null, of: number | null, scale: number, digits: number) =>
  n === null || of === null || of === 0 ? null : round((n * scale) / of, digits);

/** One row; `people` are the licensed workers and eligible elders, null where suppressed. */
function rowOf(f: UnitFigures, people: [number | null, number | null]): AccessibilityRow {
  const [licensedWorkers, eligibleElders] = people;
  const c = f.current ?? {};
  const m = f.month ?? {};
  const capacity = c.centres?.capacity ?? 0;
  const serviceTypes: Record<string, number> = {};
  for (const type of ServiceType.options) serviceTypes[type] = c.contracts?.types?.[type] ?? 0;
  const orders = Object.fromEntries(ORDER_COUNTS.map((k) => [k, m.orders?.[k] ?? 0])) as Record<
    OrderCount,
    number
  >;
  const { deliveries: _deliveries, ...latency } = summariseLatency(m.latency);
  const visits = f.coverage?.services?.visits ?? 0;
  return {
    ...f.name,
    supply: {
      centres: c.centres?.active ?? 0,
      capacity,
      contracts: c.contracts?.active ?? 0,
      budgetFen: c.contracts?.budgetFen ?? 0,
      serviceTypes,
      licensedWorkers,
      eligibleElders,
      licensedWorkersPerThousand: per(licensedWorkers, eligibleElders, 1000, 2),
      capacityPerThousand: per(capacity, eligibleElders, 1000, 2),
    },
    delivery: {
      ...orders,
      openNow: c.orders?.open ?? 0,
      unassignedNow: c.orders?.unassigned ?? 0,
      overdueNow: c.orders?.overdue ?? 0,
      ...latency,
    },
    use: {
      visits,
      visitsPerElder: per(visits, eligibleElders, 1, 2),
      creditedFen: {
        basicCare: m.use?.credited?.basicCare ?? 0,
        livingServices: m.use?.credited?.livingServices ?? 0,
      },
      spentFen: {
        basicCare: m.use?.spent?.basicCare ?? 0,
        livingServices: m.use?.spent?.livingServices ?? 0,
      },
      freeExperienceFen: m.use?.freeExperienceFen ?? 0,
      expiredFen: m.use?.expiredFen ?? 0,
      debits: m.use?.debits ?? 0,
      copaymentFen: m.use?.copaymentFen ?? 0,
      paidOrders: m.use?.paidOrders ?? 0,
    },
  };
}

/**
 * Accessibility of a unit and its children. Counts of people are suppressed complementarily down the
 * children: eligible elders exactly as the coverage report of the same unit and month hides them
 * (the two reports together give nothing more away), licensed workers on their own column; the
 * unit's row is their total. Ratios over a suppressed count are suppressed too. Centres, places,
 * orders and money are not people: shown as they are.
 */
export function accessibilityReport(input: {
  unit: UnitFigures;
  children: UnitFigures[];
  month: string;
  threshold: number;
}): AccessibilityReport {
  const { threshold, month } = input;
  const children = [...input.children].sort((a, b) => a.name.path.localeCompare(b.name.path));
  const counters = (f: UnitFigures): CoverageCounters => f.coverage ?? { unit: f.name.path, month };
  const coverage = coverageReport({
    unit: input.unit.name,
    month,
    total: counters(input.unit),
    children: children.map((c) => ({ name: c.name, counters: counters(c) })),
    groups: ['all'],
    threshold,
  });
  const eligibleOf = new Map(
    [coverage.unit, ...coverage.children].map((row) => [row.path, row.groups.all?.eligible ?? null]),
  );
  const workers = children.map((c) => [c.current?.workers?.licensed ?? 0]);
  const hidden = suppress({ counts: workers, threshold });
  const total = input.unit.current?.workers?.licensed ?? 0;
  // Without children the unit's own count is judged alone (nothing to subtract it from).
  const totalHidden = children.length > 0 ? (hidden.totals[0] ?? false) : total > 0 && total < threshold;
  const row = (f: UnitFigures, workerCount: number, hide: boolean) =>
    rowOf(f, [hide ? null : workerCount, eligibleOf.get(f.name.path) ?? null]);
  return {
    unit: row(input.unit, total, totalHidden),
    month,
    threshold,
    children: children.map((child, r) => row(child, workers[r]?.[0] ?? 0, hidden.cells[r]?.[0] ?? false)),
  };
}

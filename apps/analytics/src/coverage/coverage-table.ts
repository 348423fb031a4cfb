import { PriorityGroup } from '#anlao/events';
import type { ReportTable } from '../reports/table-export.js';
import { suppress } from './suppression.js';
import type { CoverageGroup } from './resident-month.js';

export const COVERAGE_GROUPS: readonly CoverageGroup[] = ['all', ...PriorityGroup.options];

/** A unit-month's counters as stored (`coverage[unit:month]`); absent fields are zero. */
export interface CoverageCounters {
  unit: string;
  month: string;
  eligible?: Partial<Record<CoverageGroup, number>>;
  served?: Partial<Record<CoverageGroup, number>>;
  reached?: number;
  services?: { visits?: number; deliveries?: number; sessions?: number };
}

export interface UnitName {
  path: string;
  name: string | null;
  level: string | null;
}

/** A count of people, or null where it is suppressed. */
export interface CoverageCell {
  eligible: number | null;
  served: number | null;
  /** served ÷ eligible, 4 decimals; null when either is suppressed or nothing is eligible. */
  share: number | null;
}

export interface CoverageRow extends UnitName {
  groups: Partial<Record<CoverageGroup, CoverageCell>>;
  /** Elders served in the month, eligible or not (suppressed like the others). */
  reached: number | null;
  /** Services in the month (not people: never suppressed). */
  services: { visits: number; deliveries: number; sessions: number };
}

export interface CoverageReport {
  unit: CoverageRow;
  month: string;
  groups: CoverageGroup[];
  threshold: number;
  /** The unit's children (drill-down), by path. */
  children: CoverageRow[];
}

const share = (served: number | null, eligible: number | null) =>
  served === null || eligible === null || eligible === 0
    ? null
    : Math.round((served / eligible) * 10_000) / 10_000;

/**
 * The coverage of a unit and its children in a month, small counts suppressed complementarily:
 * columns are eligible and served per group (linked: hiding one hides the other, since the share
 * would give it away) and reached; the unit's row is the columns' total.
 */
export function coverageReport(input: {
  unit: UnitName;
  month: string;
  total: CoverageCounters | null;
  children: { name: UnitName; counters: CoverageCounters }[];
  groups: readonly CoverageGroup[];
  threshold: number;
}): CoverageReport {
  const { groups, threshold } = input;
  const columnsOf = (c: CoverageCounters | null) => [
    ...groups.flatMap((g) => [c?.eligible?.[g] ?? 0, c?.served?.[g] ?? 0]),
    c?.reached ?? 0,
  ];
  const children = [...input.children].sort((a, b) => a.name.path.localeCompare(b.name.path));
  const counts = children.map((child) => columnsOf(child.counters));
  const linked = groups.map((_, i) => [2 * i, 2 * i + 1] as [number, number]);
  const hidden = suppress({ counts, threshold, linked });
  const row = (
    name: UnitName,
    values: number[],
    hide: (column: number) => boolean,
    c: CoverageCounters | null,
  ) => {
    const shown = (column: number) => (hide(column) ? null : (values[column] ?? 0));
    const cells: Partial<Record<CoverageGroup, CoverageCell>> = {};
    groups.forEach((g, i) => {
      const eligible = shown(2 * i);
      const served = shown(2 * i + 1);
      cells[g] = { eligible, served, share: share(served, eligible) };
    });
    return {
      ...name,
      groups: cells,
      reached: shown(2 * groups.length),
      services: {
        visits: c?.services?.visits ?? 0,
        deliveries: c?.services?.deliveries ?? 0,
        sessions: c?.services?.sessions ?? 0,
      },
    };
  };
  const totalValues = columnsOf(input.total);
  // Without children the unit's own cells are judged alone (a community: nothing to subtract from).
  const totalHidden = (column: number) =>
    children.length > 0
      ? (hidden.totals[column] ?? false)
      : (totalValues[column] ?? 0) > 0 && (totalValues[column] ?? 0) < threshold;
  // Eligible and served of a group go together: the share would give either away.
  const linkedTotal = (column: number) =>
    column === 2 * groups.length
      ? totalHidden(column)
      : totalHidden(column - (column % 2)) || totalHidden(column - (column % 2) + 1);
  return {
    unit: row(input.unit, totalValues, linkedTotal, input.total),
    month: input.month,
    groups: [...groups],
    threshold,
    children: children.map((child, r) =>
      row(child.name, counts[r] ?? [], (column) => hidden.cells[r]?.[column] ?? false, child.counters),
    ),
  };
}

/** One row per unit (the unit first, then its children), one column per figure. */
export function coverageTable(report: CoverageReport): ReportTable {
  const columns = [
    'unit',
    'name',
    'level',
    ...report.groups.flatMap((g) => [`eligible_${g}`, `served_${g}`, `share_${g}`]),
    'reached',
    'visits',
    'deliveries',
    'sessions',
  ];
  const line = (r: CoverageRow) => [
    r.path,
    r.name,
    r.level,
    ...report.groups.flatMap((g) => [
      r.groups[g]?.eligible ?? null,
      r.groups[g]?.served ?? null,
      r.groups[g]?.share ?? null,
    ]),
    r.reached,
    r.services.visits,
    r.services.deliveries,
    r.services.sessions,
  ];
  return {
    name: `coverage-${report.unit.path}-${report.month}`,
    columns,
    rows: [line(report.unit), ...report.children.map(line)],
    notes: [
      ['unit', report.unit.path],
      ['month', report.month],
      ['suppressed below', report.threshold],
      ['blank', 'suppressed (small count, or it would reveal one)'],
    ],
  };
}

/** A unit's coverage month by month (the trend), one row per month. */
export function trendTable(trend: {
  unit: string;
  group: CoverageGroup;
  threshold: number;
  months: { month: string; eligible: number | null; served: number | null; share: number | null }[];
}): ReportTable {
  return {
    name: `coverage-trend-${trend.unit}-${trend.group}`,
    columns: ['month', 'eligible', 'served', 'share'],
    rows: trend.months.map((m) => [m.month, m.eligible, m.served, m.share]),
    notes: [
      ['unit', trend.unit],
      ['group', trend.group],
      ['suppressed below', trend.threshold],
    ],
  };
}

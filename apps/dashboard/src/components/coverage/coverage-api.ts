import { getJson } from '../../api/http';
import type { OrgLevel } from '../../api/org-units';
import { PRIORITY_GROUPS } from '../../api/priority-groups';

/** The priority groups analytics reports coverage for (`all` first). */
export const COVERAGE_GROUPS = ['all', ...PRIORITY_GROUPS] as const;
export type CoverageGroup = (typeof COVERAGE_GROUPS)[number];

export function isCoverageGroup(value: unknown): value is CoverageGroup {
  return typeof value === 'string' && (COVERAGE_GROUPS as readonly string[]).includes(value);
}

/**
 * One group's figures. Counts of people below the suppression threshold come back `null`
 * (suppressed, never 0); `share` is also `null` when nobody is eligible (no denominator).
 */
export interface GroupFigures {
  eligible: number | null;
  served: number | null;
  share: number | null;
}

export interface CoverageUnit {
  path: string;
  name: string;
  level: OrgLevel;
  groups: Partial<Record<CoverageGroup, GroupFigures>>;
  reached: number | null;
  services: { visits: number; deliveries: number; sessions: number };
}

/** `GET /api/analytics/coverage`: a unit and its children (drill-down) in a month. */
export interface CoverageAnswer {
  unit: CoverageUnit;
  month: string;
  groups: CoverageGroup[];
  threshold: number;
  children: CoverageUnit[];
}

export interface TrendMonth {
  month: string;
  eligible: number | null;
  served: number | null;
  share: number | null;
}

/** `GET /api/analytics/coverage/trend`: one unit and group, month by month. */
export interface TrendAnswer {
  unit: string;
  group: CoverageGroup;
  threshold: number;
  months: TrendMonth[];
}

export interface CoverageQuery {
  unit: string;
  month: string;
  group?: CoverageGroup;
}

export const COVERAGE_PATH = '/api/analytics/coverage';
export const TREND_PATH = '/api/analytics/coverage/trend';

export function fetchCoverage(query: CoverageQuery): Promise<CoverageAnswer> {
  return getJson<CoverageAnswer>(COVERAGE_PATH, { unit: query.unit, month: query.month, group: query.group });
}

export interface TrendQuery {
  unit: string;
  from: string;
  to: string;
  group: CoverageGroup;
}

export function fetchTrend(query: TrendQuery): Promise<TrendAnswer> {
  return getJson<TrendAnswer>(TREND_PATH, { ...query });
}

/** The months of a trend window: `count` months ending with `to` (`YYYY-MM`), oldest first. */
export function monthsEndingWith(to: string, count: number): { from: string; to: string } {
  const [y, m] = to.split('-').map(Number);
  const index = (y ?? 0) * 12 + (m ?? 1) - 1 - (count - 1);
  const from = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  return { from, to };
}

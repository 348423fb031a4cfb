import { getJson, type Page } from '../../api/http';

export const CENTRE_KINDS = ['day-care', 'service-centre', 'activity-room', 'canteen'] as const;
export type CentreKind = (typeof CENTRE_KINDS)[number];
export const CENTRE_STATUSES = ['active', 'inactive'] as const;
export type CentreStatus = (typeof CENTRE_STATUSES)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Interval {
  from: string;
  to: string;
}

/** A centre as `GET /api/centres/centres/{id}` shows it (every field). */
export interface Centre {
  centreId: string;
  name: string;
  kind: CentreKind;
  communityPath: string;
  capacity: number;
  communityOnly: boolean;
  operatorId: string | null;
  /** City-local intervals per weekday; null: no hours restriction. */
  openingHours: Record<Weekday, Interval[]> | null;
  activities: string[];
  location: { lat: number; lon: number } | null;
  status: CentreStatus;
  deactivatedAt: string | null;
  deactivationReason: string | null;
}

/** Who is in now: open visits against the capacity (`share` null without places). */
export interface Occupancy {
  centreId: string;
  at: string;
  present: number;
  capacity: number;
  share: number | null;
}

export interface CurvePoint {
  at: string;
  time: string;
  present: number;
}

export interface OccupancyCurve {
  centreId: string;
  day: string;
  stepMinutes: number;
  capacity: number;
  points: CurvePoint[];
  peak: CurvePoint | null;
}

/** Visits of a centre per city-local day, days with visits only (analytics). */
export interface DailyVisits {
  centreId: string;
  from: string;
  to: string;
  total: number;
  days: { day: string; visits: number; voided: number }[];
}

export interface Visit {
  visitId: string;
  residentId: string;
  activity: string;
  checkInAt: string;
  checkOutAt: string | null;
  status: 'open' | 'closed' | 'voided';
  voidReason: string | null;
}

export interface CentreFilter {
  kind?: string;
  community?: string;
  status?: string;
}

const BASE = '/api/centres/centres';
const path = (centreId: string) => `${BASE}/${encodeURIComponent(centreId)}`;

export function fetchCentres(filter: CentreFilter, after: string | undefined): Promise<Page<Centre>> {
  return getJson<Page<Centre>>(BASE, { ...filter, after, limit: 50 });
}

export function fetchCentre(centreId: string): Promise<Centre> {
  return getJson<Centre>(path(centreId));
}

export function fetchOccupancy(centreId: string): Promise<Occupancy> {
  return getJson<Occupancy>(`${path(centreId)}/occupancy`);
}

export function fetchCurve(
  centreId: string,
  day: string,
  stepMinutes: 15 | 30 | 60,
): Promise<OccupancyCurve> {
  return getJson<OccupancyCurve>(`${path(centreId)}/occupancy/curve`, { day, stepMinutes });
}

export function fetchDailyVisits(centreId: string, from: string, to: string): Promise<DailyVisits> {
  return getJson<DailyVisits>('/api/analytics/centre-visits/daily', { centreId, from, to });
}

export function fetchVisits(
  centreId: string,
  day: string,
  includeVoided: boolean,
  after: string | undefined,
): Promise<Page<Visit>> {
  return getJson<Page<Visit>>(`${path(centreId)}/visits`, {
    day,
    includeVoided: includeVoided || undefined,
    after,
    limit: 200,
  });
}

/** The API-rendered CSV of a period's visits (at most 366 days). */
export function visitsCsvPath(centreId: string): string {
  return `${path(centreId)}/visits.csv`;
}

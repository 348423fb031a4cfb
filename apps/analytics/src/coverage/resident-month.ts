import type { PriorityGroup } from '#anlao/events';
import { eligibleIn, groupsIn, type ResidentProfile } from '../resident-profiles/resident-profile.js';

/**
 * One elder in one month (`residentId:YYYY-MM`): the services that reached them and what the coverage
 * counters hold for them. Coverage changes by comparing what an elder-month should count with what it
 * counted (`counted`), so an event read twice finds nothing left to change. The service lists are
 * bounded by one elder's month (a visit a day at most, in practice).
 */
export interface ResidentMonth {
  _id: string;
  residentId: string;
  month: string;
  /** Visit ids counted (recorded, not voided). */
  visits: string[];
  /** Visit ids voided: a recording read again after its void stays out. */
  voided: string[];
  /** Order ids delivered. */
  deliveries: string[];
  /** `programmeId:sessionNo` attended. */
  sessions: string[];
  /** The first service of the month (instant or day): the place is fixed there. */
  firstServedAt: string | null;
  lastServedAt: string | null;
  counted: Contribution;
}

/** What an elder-month adds to the counters of each unit above its community. */
export interface Contribution {
  /** The community counted at; null while analytics does not know where the elder lives. */
  path: string | null;
  eligible: boolean;
  groups: PriorityGroup[];
  services: { visits: number; deliveries: number; sessions: number };
}

export const NOTHING: Contribution = {
  path: null,
  eligible: false,
  groups: [],
  services: { visits: 0, deliveries: 0, sessions: 0 },
};

export const residentMonthId = (residentId: string, month: string) => `${residentId}:${month}`;

export function emptyMonth(residentId: string, month: string): ResidentMonth {
  return {
    _id: residentMonthId(residentId, month),
    residentId,
    month,
    visits: [],
    voided: [],
    deliveries: [],
    sessions: [],
    firstServedAt: null,
    lastServedAt: null,
    counted: NOTHING,
  };
}

export type MonthService =
  | { kind: 'visit'; id: string; at: string }
  | { kind: 'visit-voided'; id: string }
  | { kind: 'delivery'; id: string; at: string }
  | { kind: 'session'; id: string; at: string };

/** Adds (or, for a void, takes back) one service; the same service again changes nothing. */
export function withService(month: ResidentMonth, service: MonthService): ResidentMonth {
  const add = (list: string[], id: string) => (list.includes(id) ? list : [...list, id]);
  const next = { ...month };
  switch (service.kind) {
    case 'visit':
      if (month.voided.includes(service.id)) return month;
      next.visits = add(month.visits, service.id);
      break;
    case 'visit-voided':
      next.visits = month.visits.filter((v) => v !== service.id);
      next.voided = add(month.voided, service.id);
      return next;
    case 'delivery':
      next.deliveries = add(month.deliveries, service.id);
      break;
    case 'session':
      next.sessions = add(month.sessions, service.id);
      break;
  }
  if (next.firstServedAt === null || service.at < next.firstServedAt) next.firstServedAt = service.at;
  if (next.lastServedAt === null || service.at > next.lastServedAt) next.lastServedAt = service.at;
  return next;
}

export const servedIn = (month: ResidentMonth) =>
  month.visits.length + month.deliveries.length + month.sessions.length > 0;

/**
 * What the elder-month should count now. Eligible: on any day of the month and alive on one (the
 * profile's spells). Place: once the elder was served in the month, where they lived at the first
 * service (the place counted then stays); until then, where they live now — for a month already
 * past, the place it was counted at stays.
 */
export function contributionOf(
  profile: ResidentProfile | null,
  month: ResidentMonth,
  currentMonth: string,
): Contribution {
  const services = {
    visits: month.visits.length,
    deliveries: month.deliveries.length,
    sessions: month.sessions.length,
  };
  const placeFixed = servedIn(month) || month.month < currentMonth;
  const path =
    placeFixed && month.counted.path !== null ? month.counted.path : (profile?.communityPath ?? null);
  if (!profile) return { path, eligible: false, groups: [], services };
  return {
    path,
    eligible: eligibleIn(profile, month.month),
    groups: groupsIn(profile, month.month),
    services,
  };
}

export const countsNothing = (c: Contribution) =>
  !c.eligible && c.services.visits + c.services.deliveries + c.services.sessions === 0;

/** The org units a community path counts in: the city, its district, street and the community itself. */
export function unitsOf(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

export type CoverageGroup = 'all' | PriorityGroup;

/**
 * The counter fields one contribution adds to each of its units: `eligible.<group>`,
 * `served.<group>` (eligible and served in the month), `reached` (served, eligible or not) and the
 * month's services. Groups are `all` and the elder's priority groups.
 */
export function counterFields(c: Contribution): Record<string, number> {
  if (c.path === null) return {};
  const fields: Record<string, number> = {};
  const served = c.services.visits + c.services.deliveries + c.services.sessions > 0;
  if (c.eligible)
    for (const group of ['all', ...c.groups] as CoverageGroup[]) {
      fields[`eligible.${group}`] = 1;
      if (served) fields[`served.${group}`] = 1;
    }
  if (served) fields.reached = 1;
  if (c.services.visits) fields['services.visits'] = c.services.visits;
  if (c.services.deliveries) fields['services.deliveries'] = c.services.deliveries;
  if (c.services.sessions) fields['services.sessions'] = c.services.sessions;
  return fields;
}

/** Per unit, what the counters must change by when an elder-month goes from `before` to `after`. */
export function counterDelta(before: Contribution, after: Contribution): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const add = (c: Contribution, sign: 1 | -1) => {
    if (c.path === null) return;
    const fields = counterFields(c);
    for (const unit of unitsOf(c.path)) {
      const delta = out.get(unit) ?? {};
      for (const [field, n] of Object.entries(fields)) delta[field] = (delta[field] ?? 0) + sign * n;
      out.set(unit, delta);
    }
  };
  add(before, -1);
  add(after, 1);
  for (const [unit, delta] of out) {
    for (const [field, n] of Object.entries(delta)) if (n === 0) delete delta[field];
    if (Object.keys(delta).length === 0) out.delete(unit);
  }
  return out;
}

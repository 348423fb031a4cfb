import { VisitActivity, type CentreKind, type PayloadOf } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import type { Centre, GeoPoint } from './centre.schema.js';
import {
  normalizeOpeningHours,
  sameOpeningHours,
  type OpeningHours,
  type OpeningHoursInput,
} from './opening-hours.js';

/**
 * What staff say about a centre (registration and update), in one normal form: absent
 * optional fields as their defaults, activities in the catalog's order, hours sorted. Two
 * centres with equal facts are the same registration, whatever order or defaults were sent.
 */
export interface CentreFacts {
  name: string;
  kind: CentreKind;
  communityPath: string;
  capacity: number;
  communityOnly: boolean;
  operatorId: string | null;
  openingHours: OpeningHours | null;
  activities: VisitActivity[];
  location: GeoPoint | null;
}

export const FACT_FIELDS = [
  'name',
  'kind',
  'communityPath',
  'capacity',
  'communityOnly',
  'operatorId',
  'openingHours',
  'activities',
  'location',
] as const satisfies readonly (keyof CentreFacts)[];

/** The facts as sent: optional ones may be absent, and those that can be cleared may be null. */
export interface CentreFactsInput {
  name: string;
  kind: CentreKind;
  communityPath: string;
  capacity: number;
  communityOnly?: boolean;
  operatorId?: string | null;
  openingHours?: OpeningHoursInput | null;
  activities?: VisitActivity[];
  location?: GeoPoint | null;
}

/** A PATCH: any subset of the facts; `null` clears `operatorId`, `openingHours` or `location`. */
export type CentrePatch = Partial<CentreFactsInput>;

/** Unique, in the catalog's order: the order a client lists them in means nothing. */
export function normalizeActivities(activities: readonly VisitActivity[]): VisitActivity[] {
  return VisitActivity.options.filter((a) => activities.includes(a));
}

export function normalizeFacts(input: CentreFactsInput): CentreFacts {
  return {
    name: input.name,
    kind: input.kind,
    communityPath: input.communityPath,
    capacity: input.capacity,
    communityOnly: input.communityOnly ?? false,
    operatorId: input.operatorId ?? null,
    openingHours: input.openingHours ? normalizeOpeningHours(input.openingHours) : null,
    activities: normalizeActivities(input.activities ?? []),
    location: input.location ? { lat: input.location.lat, lon: input.location.lon } : null,
  };
}

/** The facts of a stored centre, a centre stored before some fields existed included. */
export function factsOf(centre: Centre): CentreFacts {
  return normalizeFacts(centre);
}

const sameLocation = (a: GeoPoint | null, b: GeoPoint | null) =>
  a === null || b === null ? a === b : a.lat === b.lat && a.lon === b.lon;

/** Whether one fact has the same value in both (both in normal form). */
export function sameFact<K extends keyof CentreFacts>(key: K, a: CentreFacts, b: CentreFacts): boolean {
  switch (key) {
    case 'openingHours':
      return sameOpeningHours(a.openingHours, b.openingHours);
    case 'location':
      return sameLocation(a.location, b.location);
    case 'activities':
      return (
        a.activities.length === b.activities.length && a.activities.every((x, i) => x === b.activities[i])
      );
    default:
      return a[key] === b[key];
  }
}

/** Same id and every fact equal: a repeated registration is a no-op, a different one a conflict. */
export function sameCentre(a: Centre, b: Centre): boolean {
  const [x, y] = [factsOf(a), factsOf(b)];
  return a._id === b._id && FACT_FIELDS.every((key) => sameFact(key, x, y));
}

/** The facts after a PATCH; fields it leaves out keep their value. */
export function applyPatch(current: CentreFacts, patch: CentrePatch): CentreFacts {
  // `undefined` leaves a fact as it is; `null` is a value (it clears).
  const keep = <T>(given: T | undefined, now: T): T => (given === undefined ? now : given);
  return normalizeFacts({
    name: keep(patch.name, current.name),
    kind: keep(patch.kind, current.kind),
    communityPath: keep(patch.communityPath, current.communityPath),
    capacity: keep(patch.capacity, current.capacity),
    communityOnly: keep(patch.communityOnly, current.communityOnly),
    operatorId: keep(patch.operatorId, current.operatorId),
    openingHours: keep<OpeningHoursInput | null>(patch.openingHours, current.openingHours),
    activities: keep(patch.activities, current.activities),
    location: keep(patch.location, current.location),
  });
}

/** The facts that differ between two versions, with their new values (empty: nothing to write). */
export function changedFacts(current: CentreFacts, next: CentreFacts): Partial<CentreFacts> {
  return Object.fromEntries(
    FACT_FIELDS.filter((key) => !sameFact(key, current, next)).map((key) => [key, next[key]]),
  );
}

/**
 * The facts `centre.updated` carries. Names, hours and location are not in it (events carry
 * coded facts only, and its schema has no place for them): a change to those alone emits nothing.
 */
export function updatedPayload(centreId: string, f: CentreFacts): PayloadOf<'centre.updated'> {
  return {
    centreId,
    kind: f.kind,
    communityPath: f.communityPath,
    capacity: f.capacity,
    operatorId: f.operatorId,
    activities: f.activities,
    communityOnly: f.communityOnly,
  };
}

/** The facts `centre.updated` carries, as `CentreFacts` keys. */
const PUBLISHED = ['kind', 'communityPath', 'capacity', 'operatorId', 'activities', 'communityOnly'] as const;

/** Whether the change alters what `centre.updated` would say. */
export function changesPayload(current: CentreFacts, next: CentreFacts): boolean {
  return PUBLISHED.some((key) => !sameFact(key, current, next));
}

export function isActive(centre: Pick<Centre, 'status'>): boolean {
  return (centre.status ?? 'active') === 'active';
}

/** A deactivated centre is read-only: no visits, no changes. */
export function assertActive(centre: Pick<Centre, '_id' | 'status'>): void {
  if (!isActive(centre))
    throw new DomainError('conflict', 'centre.inactive', `centre ${centre._id} is deactivated`);
}

import { DomainError } from '#anlao/platform';
import type { Principal } from './principal.js';

/** True when `path` is the org unit `scope` or lies below it (`2101.210102` covers `2101.210102.210102001`). */
export function orgUnitCovers(scope: string, path: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}

/** Something that belongs to a place and maybe to a centre or an organisation. */
export interface Scoped {
  orgUnit: string;
  centreId?: string;
  organisationId?: string;
}

export function canSee(principal: Principal, resource: Scoped): boolean {
  switch (principal.kind) {
    case 'staff':
      return orgUnitCovers(principal.orgUnit, resource.orgUnit);
    case 'centre':
      return resource.centreId === principal.centreId;
    case 'organisation':
      return resource.organisationId === principal.organisationId;
  }
}

/**
 * Out of scope reads as "not there": a caller must not learn that a record
 * exists outside its unit, centre or organisation.
 */
export function assertVisible<T extends Scoped>(
  principal: Principal,
  resource: T | null | undefined,
  notFound: { code: string; detail: string },
): T {
  if (!resource || !canSee(principal, resource))
    throw new DomainError('not-found', notFound.code, notFound.detail);
  return resource;
}

/** Writing into a place outside one's unit is forbidden (the place itself is not secret). */
export function assertMayWriteIn(principal: Principal, orgUnit: string): void {
  if (principal.kind !== 'staff' || !orgUnitCovers(principal.orgUnit, orgUnit)) {
    throw new DomainError('forbidden', 'scope.forbidden', 'this org unit is outside your scope');
  }
}

declare const scopedFilterBrand: unique symbol;

/**
 * A MongoDB filter that limits a query to what a principal may see. Repositories
 * that list records take one of these instead of a plain object, so a list query
 * without a scope does not type-check; only `scopeFilter` makes one.
 */
export type ScopedFilter = Readonly<Record<string, unknown>> & { readonly [scopedFilterBrand]: true };

export interface ScopeFields {
  /** Field holding the org-unit path of a record. */
  orgUnit: string;
  /** Field holding the centre id, for records a centre may see. */
  centreId?: string;
  /** Field holding the organisation id, for records an organisation may see. */
  organisationId?: string;
}

export function scopeFilter(principal: Principal, fields: ScopeFields): ScopedFilter {
  let filter: Record<string, unknown>;
  switch (principal.kind) {
    case 'staff':
      // Anchored prefix regex: served by an ascending index on the path field.
      filter = subtreeFilter(fields.orgUnit, principal.orgUnit);
      break;
    case 'centre':
      filter = fields.centreId ? { [fields.centreId]: principal.centreId } : { _id: { $exists: false } };
      break;
    case 'organisation':
      filter = fields.organisationId
        ? { [fields.organisationId]: principal.organisationId }
        : { _id: { $exists: false } };
      break;
  }
  return filter as ScopedFilter;
}

/**
 * Records whose path field is `path` or lies below it. An anchored prefix regex,
 * so an ascending index on the field serves it.
 */
export function subtreeFilter(field: string, path: string): Record<string, { $regex: string }> {
  return { [field]: { $regex: `^${escapeRegex(path)}(\\.|$)` } };
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** City-wide actions (rule sets, credit runs, daily jobs) need a staff account of a whole city. */
export function assertCityLevel(principal: Principal): void {
  if (principal.kind !== 'staff' || principal.orgUnit.includes('.')) {
    throw new DomainError(
      'forbidden',
      'scope.forbidden',
      'this is a city-wide action for a city-level account',
    );
  }
}

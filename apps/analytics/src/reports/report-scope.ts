import { orgUnitCovers, type Principal } from '#anlao/auth';
import { DomainError, localDay } from '#anlao/platform';

/**
 * The unit a staff member's report reads: the one asked for, or the caller's own. A unit outside the
 * caller's reads as unknown (as every scoped record does), so a report does not tell which units exist.
 */
export function reportUnit(principal: Principal, unit: string | undefined): string {
  if (principal.kind !== 'staff') throw new DomainError('forbidden', 'auth.role-forbidden', 'staff only');
  const path = unit ?? principal.orgUnit;
  if (!orgUnitCovers(principal.orgUnit, path))
    throw new DomainError('not-found', 'org-unit.not-found', `no org unit ${path} in your scope`);
  return path;
}

/** The city's current month (YYYY-MM): a report's month when the query names none. */
export function currentMonth(timeZone: string): string {
  return localDay(new Date(), timeZone).slice(0, 7);
}

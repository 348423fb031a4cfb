import { orgUnitCovers, subtreeFilter, type Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';

interface Placed {
  _id: string;
  providerId: string;
  communityPath: string;
}

/**
 * Staff see programmes (and volunteer teams) in their unit; an organisation's client only its
 * own; a centre none (ADR 0028). Anything else answers 404 exactly like an unknown id.
 */
export function canSee(principal: Principal, record: Omit<Placed, '_id'>): boolean {
  switch (principal.kind) {
    case 'staff':
      return orgUnitCovers(principal.orgUnit, record.communityPath);
    case 'organisation':
      return record.providerId === principal.organisationId;
    case 'centre':
      return false;
  }
}

export function visible<T extends Placed>(
  principal: Principal,
  record: T | null,
  what: string,
  id: string,
): T {
  if (record === null || !canSee(principal, record))
    throw new DomainError('not-found', `${what}.not-found`, `no ${what} ${id}`);
  return record;
}

/** Writes are the running organisation's: its own records only (another's reads as unknown). */
export function own<T extends Placed>(principal: Principal, record: T | null, what: string, id: string): T {
  if (record === null || principal.kind !== 'organisation' || record.providerId !== principal.organisationId)
    throw new DomainError('not-found', `${what}.not-found`, `no ${what} ${id}`);
  return record;
}

/** The store filter of `canSee`. */
export function scopeFilterOf(principal: Principal): Record<string, unknown> {
  switch (principal.kind) {
    case 'staff':
      return subtreeFilter('communityPath', principal.orgUnit);
    case 'organisation':
      return { providerId: principal.organisationId };
    case 'centre':
      return { _id: { $exists: false } };
  }
}

/** The organisation the caller acts for; only organisation clients reach the write routes. */
export function organisationOf(principal: Principal): string {
  if (principal.kind !== 'organisation')
    throw new DomainError(
      'forbidden',
      'auth.forbidden',
      'only a social organisation’s client runs programmes',
    );
  return principal.organisationId;
}

import { orgUnitCovers, type Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';

/**
 * Who sees a provider or a contract (ADR 0023). Both belong to an owning unit (where the
 * provider was registered, the contract's buyer) and serve areas. Staff see one when their
 * unit covers the owner or an area, or when an area covers their unit: a provider working in
 * the whole district serves every street's staff. An organisation client sees only itself
 * and its own contracts; a centre client sees none.
 */
export interface Placed {
  ownerUnit: string;
  areas: readonly string[];
  providerId: string;
}

export function canSeePlaced(principal: Principal, record: Placed): boolean {
  switch (principal.kind) {
    case 'staff': {
      const unit = principal.orgUnit;
      if (orgUnitCovers(unit, record.ownerUnit)) return true;
      return record.areas.some((area) => orgUnitCovers(unit, area) || orgUnitCovers(area, unit));
    }
    case 'organisation':
      return record.providerId === principal.organisationId;
    case 'centre':
      return false;
  }
}

/** Out of scope reads as not there, exactly like an unknown id. */
export function assertSeesPlaced<T>(
  principal: Principal,
  record: T | null,
  placed: (record: T) => Placed,
  notFound: { code: string; detail: string },
): T {
  if (record === null || !canSeePlaced(principal, placed(record)))
    throw new DomainError('not-found', notFound.code, notFound.detail);
  return record;
}

/** `2101.210102.210102001` → `['2101', '2101.210102', '2101.210102.210102001']`. */
export function selfAndAncestors(path: string): string[] {
  const codes = path.split('.');
  return codes.map((_, i) => codes.slice(0, i + 1).join('.'));
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const subtree = (path: string) => ({ $regex: `^${escape(path)}(\\.|$)` });

/** The store filter of `canSeePlaced`, for lists; field names as the collection stores them. */
export function placedFilter(
  principal: Principal,
  fields: { ownerUnit: string; areas: string; providerId: string },
): Record<string, unknown> {
  switch (principal.kind) {
    case 'staff':
      return {
        $or: [
          { [fields.ownerUnit]: subtree(principal.orgUnit) },
          { [fields.areas]: subtree(principal.orgUnit) },
          { [fields.areas]: { $in: selfAndAncestors(principal.orgUnit) } },
        ],
      };
    case 'organisation':
      return { [fields.providerId]: principal.organisationId };
    case 'centre':
      return { _id: { $exists: false } };
  }
}

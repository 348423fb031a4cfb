import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, assertVisible, canSee, orgUnitCovers, scopeFilter } from './scope.js';
import type { Principal } from './principal.js';

const district: Principal = {
  kind: 'staff',
  subject: 's1',
  role: 'district-staff',
  orgUnit: '2101.210102',
  version: 1,
  tokenId: 't',
};
const centre: Principal = {
  kind: 'centre',
  subject: 'c1',
  role: 'centre-client',
  centreId: 'c-a',
  version: 1,
  tokenId: 't',
};

describe('scope', () => {
  it('covers a unit and everything below it, and nothing that merely shares a prefix', () => {
    expect(orgUnitCovers('2101.210102', '2101.210102')).toBe(true);
    expect(orgUnitCovers('2101.210102', '2101.210102.210102001.210102001001')).toBe(true);
    expect(orgUnitCovers('2101.210102', '2101.2101020')).toBe(false);
    expect(orgUnitCovers('2101.210102', '2101.210103.210103001')).toBe(false);
    expect(orgUnitCovers('2101.210102', '2101')).toBe(false);
  });

  it('lets a centre see only its own records', () => {
    expect(canSee(centre, { orgUnit: '2101.210102', centreId: 'c-a' })).toBe(true);
    expect(canSee(centre, { orgUnit: '2101.210102', centreId: 'c-b' })).toBe(false);
    expect(canSee(district, { orgUnit: '2101.210103', centreId: 'c-b' })).toBe(false);
  });

  it('turns an out-of-scope record into not-found, and an out-of-scope write into forbidden', () => {
    expect(() =>
      assertVisible(centre, { orgUnit: 'x', centreId: 'c-b' }, { code: 'c.not-found', detail: 'no' }),
    ).toThrow(expect.objectContaining({ kind: 'not-found' }) as DomainError);
    expect(() => assertMayWriteIn(district, '2101.210103.1')).toThrow(
      expect.objectContaining({ kind: 'forbidden' }) as DomainError,
    );
    expect(() => assertMayWriteIn(centre, '2101.210102')).toThrow(
      expect.objectContaining({ kind: 'forbidden' }) as DomainError,
    );
    expect(() => assertMayWriteIn(district, '2101.210102.5')).not.toThrow();
  });

  it('builds list filters that a staff prefix cannot escape', () => {
    const staffFilter = scopeFilter(district, { orgUnit: 'communityPath' }) as Record<
      string,
      { $regex: string }
    >;
    const regex = new RegExp(staffFilter.communityPath?.$regex ?? '');
    expect(regex.test('2101.210102.210102001')).toBe(true);
    expect(regex.test('2101.2101020')).toBe(false);
    expect(scopeFilter(centre, { orgUnit: 'communityPath', centreId: '_id' })).toEqual({ _id: 'c-a' });
    expect(scopeFilter(centre, { orgUnit: 'communityPath' })).toEqual({ _id: { $exists: false } });
  });
});

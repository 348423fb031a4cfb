import type { Principal } from '#anlao/auth';
import { canSeePlaced, selfAndAncestors } from './visibility.js';

const staff = (orgUnit: string): Principal => ({
  kind: 'staff',
  subject: 's',
  role: 'street-staff',
  orgUnit,
  version: 1,
  tokenId: 't',
});
const org = (organisationId: string): Principal => ({
  kind: 'organisation',
  subject: 'c',
  role: 'organisation-client',
  organisationId,
  version: 1,
  tokenId: 't',
});

describe('visibility of providers and contracts', () => {
  const record = { ownerUnit: '2101.210102', areas: ['2101.210102.210102001'], providerId: 'p-1' };

  it('shows staff what their unit owns or what serves their unit', () => {
    expect(canSeePlaced(staff('2101'), record)).toBe(true);
    expect(canSeePlaced(staff('2101.210102'), record)).toBe(true);
    expect(canSeePlaced(staff('2101.210102.210102001'), record)).toBe(true);
    expect(canSeePlaced(staff('2101.210102.210102001.210102001001'), record)).toBe(true);
    expect(canSeePlaced(staff('2101.210102.210102002'), record)).toBe(false);
    expect(canSeePlaced(staff('2101.210103'), record)).toBe(false);
    // A prefix of a code is not an ancestor.
    expect(canSeePlaced(staff('2101.21010'), record)).toBe(false);
  });

  it('shows an organisation only its own, and a centre nothing', () => {
    expect(canSeePlaced(org('p-1'), record)).toBe(true);
    expect(canSeePlaced(org('p-2'), record)).toBe(false);
    const centre: Principal = {
      kind: 'centre',
      subject: 'c',
      role: 'centre-client',
      centreId: 'p-1',
      version: 1,
      tokenId: 't',
    };
    expect(canSeePlaced(centre, record)).toBe(false);
  });

  it('lists a path and its ancestors', () => {
    expect(selfAndAncestors('2101.210102.210102001')).toEqual([
      '2101',
      '2101.210102',
      '2101.210102.210102001',
    ]);
  });
});

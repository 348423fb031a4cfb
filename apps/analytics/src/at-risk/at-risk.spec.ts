import type { ResidentProfile } from '../resident-profiles/resident-profile.js';
import { atRiskElders, riskScore } from './at-risk.js';

const profile = (id: string, extra: Partial<ResidentProfile> = {}): ResidentProfile => ({
  _id: id,
  communityPath: '2101.210102.210102001.210102001001',
  birthYearMonth: '1950-01',
  hukou: 'urban',
  livingArrangement: 'with-children',
  familyStatus: 'ordinary',
  economicStatus: 'ordinary',
  categories: [],
  eligibility: [],
  diedOn: null,
  lastServedAt: null,
  ...extra,
});

describe('at-risk elders', () => {
  const today = '2026-11-26';
  const list = atRiskElders(
    [
      profile('r-ordinary'),
      profile('r-alone-recent', { livingArrangement: 'alone', lastServedAt: '2026-11-20T02:00:00.000Z' }),
      profile('r-alone-idle', { livingArrangement: 'alone', lastServedAt: '2026-10-01T02:00:00.000Z' }),
      profile('r-shidu-never', { familyStatus: 'shidu', birthYearMonth: '1940-05' }),
      profile('r-dead', { livingArrangement: 'alone', diedOn: '2026-11-01' }),
      profile('r-low-income-30', { economicStatus: 'dibao', lastServedAt: '2026-10-27' }),
    ],
    { today, window: 30, walletUnused: (id) => (id === 'r-low-income-30' ? true : null) },
  );

  it('lists the living elders of a priority group with no service in the window, most urgent first', () => {
    expect(list.map((e) => e.residentId)).toEqual(['r-shidu-never', 'r-alone-idle', 'r-low-income-30']);
    expect(list[0]).toMatchObject({
      groups: ['shidu', 'aged-80-plus'],
      daysSinceService: null,
      risk: 60 + 30 + 25,
    });
    expect(list[1]).toMatchObject({ daysSinceService: 56, risk: 56 + 30 });
    // Exactly 30 days since the last service: at risk (the window is "in the last 30 days").
    expect(list[2]).toMatchObject({ daysSinceService: 30, walletUnused: true, risk: 30 + 20 + 15 });
  });

  it('caps idle days at twice the window', () => {
    expect(riskScore(['living-alone'], 400, 30, false)).toBe(60 + 30);
    expect(riskScore([], null, 30, null)).toBe(60);
  });
});

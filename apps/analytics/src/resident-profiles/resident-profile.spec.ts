import { createEvent } from '#anlao/events';
import {
  eligibleIn,
  foldProfile,
  groupsIn,
  type ProfileEvent,
  type ResidentProfile,
} from './resident-profile.js';

const PATH = '2101.210102.210102001.210102001001';
const base = { source: 'residents', subject: 'r-1', orgUnit: PATH, correlationId: 'c' };
const registered = createEvent({
  ...base,
  type: 'resident.registered',
  payload: {
    residentId: 'r-1',
    communityPath: PATH,
    sex: 'female',
    birthYearMonth: '1946-07',
    hukou: 'rural',
    livingArrangement: 'alone',
    familyStatus: 'shidu',
    economicStatus: 'dibao',
    selfCare: 'independent',
  },
}) as ProfileEvent;
const assessed = (categories: string[], assessedOn: string) =>
  createEvent({
    ...base,
    type: 'eligibility.assessed',
    payload: {
      residentId: 'r-1',
      communityPath: PATH,
      categories,
      previousCategories: [],
      ruleSetVersion: '2026-1',
      assessedOn,
      trigger: 'changed',
    },
  }) as ProfileEvent;

function fold(events: ProfileEvent[]): ResidentProfile {
  const profile = events.reduce<ResidentProfile | null>((p, e) => foldProfile(p, e), null);
  if (!profile) throw new Error('no profile');
  return profile;
}

describe('resident profile (analytics)', () => {
  it('keeps spells of eligibility: eligible on any day of a month counts for that month', () => {
    const p = fold([registered, assessed(['low-income'], '2026-03-15'), assessed([], '2026-05-10')]);
    expect(p.eligibility).toEqual([{ from: '2026-03-15', to: '2026-05-09' }]);
    expect(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06'].map((m) => eligibleIn(p, m))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('is the same when an event is applied twice, and a new spell opens after a gap', () => {
    const once = fold([registered, assessed(['low-income'], '2026-03-15'), assessed([], '2026-05-10')]);
    const twice = fold([
      registered,
      assessed(['low-income'], '2026-03-15'),
      assessed(['low-income'], '2026-03-15'),
      assessed([], '2026-05-10'),
      assessed([], '2026-05-10'),
    ]);
    expect(twice).toEqual(once);
    const again = foldProfile(twice, assessed(['aged-80-plus'], '2026-09-01'));
    expect(again?.eligibility).toHaveLength(2);
    expect(again && eligibleIn(again, '2026-09')).toBe(true);
  });

  it('puts the resident in the priority groups of the month (80+ from the birth month on)', () => {
    const p = fold([registered]);
    expect(groupsIn(p, '2026-06')).toEqual(['living-alone', 'shidu', 'low-income', 'rural-hukou']);
    expect(groupsIn(p, '2026-07')).toEqual([
      'living-alone',
      'shidu',
      'aged-80-plus',
      'low-income',
      'rural-hukou',
    ]);
  });

  it('counts a month of death, not the months after; follows a move', () => {
    const p = fold([registered, assessed(['low-income'], '2026-01-01')]);
    const dead = foldProfile(
      p,
      createEvent({
        ...base,
        type: 'resident.died',
        payload: { residentId: 'r-1', communityPath: PATH, diedOn: '2026-04-20' },
      }),
    );
    expect(dead && [eligibleIn(dead, '2026-04'), eligibleIn(dead, '2026-05')]).toEqual([true, false]);
    const moved = foldProfile(
      p,
      createEvent({
        ...base,
        type: 'resident.moved',
        payload: { residentId: 'r-1', fromPath: PATH, toPath: '2101.210103.210103001.210103001002' },
      }),
    );
    expect(moved?.communityPath).toBe('2101.210103.210103001.210103001002');
  });
});

import { DomainError } from '#anlao/platform';
import {
  CAPACITY_INSTRUMENT,
  checkCapacityProgramme,
  checkTeamPlace,
  MAX_LOG_AGE_DAYS,
  normaliseProfile,
  sameLog,
  sameProfile,
  servedOnProblems,
} from './volunteer-rules.js';

function refusal(fn: () => void): { code: string; status: string; retryable: boolean } {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return {
      code: error.code,
      status: error.kind,
      retryable: error.extra.retryable === true,
    };
  }
  throw new Error('not refused');
}

describe('volunteer rules', () => {
  describe('servedOn', () => {
    const today = '2026-11-26';

    it('takes today and every day back to 90 days ago', () => {
      expect(servedOnProblems(today, today)).toEqual([]);
      expect(servedOnProblems('2026-11-25', today)).toEqual([]);
      expect(MAX_LOG_AGE_DAYS).toBe(90);
      expect(servedOnProblems('2026-08-28', today)).toEqual([]);
    });

    it('refuses a future day and a day older than 90 days, naming the field', () => {
      expect(servedOnProblems('2026-11-27', today)).toEqual([
        { field: 'servedOn', message: 'not in the future' },
      ]);
      expect(servedOnProblems('2026-08-27', today)).toEqual([
        { field: 'servedOn', message: 'at most 90 days ago' },
      ]);
    });

    it('counts across a year end and a leap day', () => {
      expect(servedOnProblems('2027-10-03', '2028-01-01')).toEqual([]);
      expect(servedOnProblems('2027-10-02', '2028-01-01')).toHaveLength(1);
      expect(servedOnProblems('2028-02-29', '2028-03-01')).toEqual([]);
    });
  });

  describe('team place', () => {
    it('is retryable while the organisation is unknown', () => {
      expect(refusal(() => checkTeamPlace(null, '2101.210102'))).toEqual({
        code: 'provider.unknown',
        status: 'unprocessable',
        retryable: true,
      });
    });

    it('takes a community inside an operating area and refuses one outside', () => {
      const provider = { _id: 'p-1', operatingAreas: ['2101.210102.210102001'] };
      expect(() => checkTeamPlace(provider, '2101.210102.210102001.210102001001')).not.toThrow();
      expect(refusal(() => checkTeamPlace(provider, '2101.210102.210102002'))).toEqual({
        code: 'volunteer-team.outside-provider-areas',
        status: 'unprocessable',
        retryable: false,
      });
    });
  });

  describe('capacity programme', () => {
    it('must be the organisation’s own programme using the capacity instrument', () => {
      const own = { providerId: 'p-1', instrument: CAPACITY_INSTRUMENT };
      expect(() => checkCapacityProgramme(own, 'p-1')).not.toThrow();
      expect(refusal(() => checkCapacityProgramme(null, 'p-1')).code).toBe('capacity-programme.unknown');
      expect(refusal(() => checkCapacityProgramme(own, 'p-2')).code).toBe('capacity-programme.unknown');
      expect(
        refusal(() =>
          checkCapacityProgramme({ providerId: 'p-1', instrument: 'empowerment-smartphone@1' }, 'p-1'),
        ).code,
      ).toBe('capacity-programme.wrong-instrument');
    });
  });

  describe('profile', () => {
    it('ignores order and repeats of skills and trainings', () => {
      const a = normaliseProfile({
        skills: ['phone-help', 'companionship', 'phone-help'],
        trainings: [
          { code: 'first-aid', attendedOn: '2026-10-02' },
          { code: 'listening', attendedOn: '2026-09-01' },
          { code: 'first-aid', attendedOn: '2026-10-02' },
          { code: 'basics', attendedOn: '2026-10-02' },
        ],
      });
      expect(a).toEqual({
        skills: ['companionship', 'phone-help'],
        trainings: [
          { code: 'listening', attendedOn: '2026-09-01' },
          { code: 'basics', attendedOn: '2026-10-02' },
          { code: 'first-aid', attendedOn: '2026-10-02' },
        ],
      });
      const b = normaliseProfile({
        skills: ['companionship', 'phone-help'],
        trainings: [...a.trainings].reverse(),
      });
      expect(sameProfile(a, b)).toBe(true);
    });

    it('sees a new skill or training as a change', () => {
      const base = normaliseProfile({ skills: ['patrol'], trainings: [] });
      expect(sameProfile(base, normaliseProfile({ skills: ['patrol', 'haircut'], trainings: [] }))).toBe(
        false,
      );
      expect(
        sameProfile(
          base,
          normaliseProfile({ skills: ['patrol'], trainings: [{ code: 'x', attendedOn: '2026-01-01' }] }),
        ),
      ).toBe(false);
      expect(sameProfile(base, normaliseProfile({ skills: [], trainings: [] }))).toBe(false);
    });
  });

  it('a retried log states the same four facts', () => {
    const log = { residentId: 'r-1', activity: 'patrol', servedOn: '2026-11-20', minutes: 60 };
    expect(sameLog(log, { ...log })).toBe(true);
    expect(sameLog(log, { ...log, minutes: 61 })).toBe(false);
    expect(sameLog(log, { ...log, activity: 'haircut' })).toBe(false);
    expect(sameLog(log, { ...log, servedOn: '2026-11-21' })).toBe(false);
    expect(sameLog(log, { ...log, residentId: 'r-2' })).toBe(false);
  });
});

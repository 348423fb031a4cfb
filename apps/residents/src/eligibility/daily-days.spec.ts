import { localDay } from '#anlao/platform';
import { daysToRun, msUntilNextRun } from './daily-days.js';

describe('which days the daily eligibility job runs', () => {
  it('runs only today on its very first run', () => {
    expect(daysToRun(null, '2026-11-25')).toEqual(['2026-11-25']);
  });

  it('starts at a configured first day on its very first run, through today', () => {
    expect(daysToRun(null, '2026-11-25', '2026-11-22')).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
    ]);
  });

  it('runs nothing while a configured first day lies ahead', () => {
    expect(daysToRun(null, '2026-11-25', '2026-12-01')).toEqual([]);
  });

  it('runs nothing when today is done already', () => {
    expect(daysToRun('2026-11-25', '2026-11-25')).toEqual([]);
  });

  it('runs every missed day in order, through today, across a month and a year end', () => {
    expect(daysToRun('2026-12-29', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });

  it('includes 29 February of a leap year among missed days', () => {
    expect(daysToRun('2028-02-27', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysToRun('2027-02-27', '2027-03-01')).toEqual(['2027-02-28', '2027-03-01']);
  });

  it('ignores a configured first day once a day has been completed', () => {
    expect(daysToRun('2026-11-24', '2026-11-25', '2026-01-01')).toEqual(['2026-11-25']);
  });

  it('runs nothing when the last completed day lies ahead of today (a clock set back)', () => {
    expect(daysToRun('2026-11-27', '2026-11-25')).toEqual([]);
  });
});

describe('when the daily eligibility job runs next', () => {
  const zone = 'Asia/Shanghai';

  it('waits until a minute past the next local midnight', () => {
    // 23:30 in Shanghai (15:30 UTC): 31 minutes to go.
    const now = new Date('2026-11-25T15:30:00Z');
    const wait = msUntilNextRun(now, zone);
    expect(wait).toBe(31 * 60_000);
    expect(localDay(new Date(now.getTime() + wait), zone)).toBe('2026-11-26');
  });

  it('waits almost a whole day right after midnight', () => {
    // 00:00:30 in Shanghai: the next run is a minute past the following midnight.
    const now = new Date('2026-11-25T16:00:30Z');
    expect(msUntilNextRun(now, zone)).toBe(24 * 3_600_000 + 60_000 - 30_000);
  });

  it('finds midnight in a zone with daylight saving on the day clocks go forward', () => {
    // Berlin, 29 March 2026: a 23-hour day. 12:00 local (10:00 UTC) → 00:01 on the 30th (22:01 UTC).
    const now = new Date('2026-03-29T10:00:00Z');
    const wait = msUntilNextRun(now, 'Europe/Berlin');
    expect(new Date(now.getTime() + wait).toISOString()).toBe('2026-03-29T22:01:00.000Z');
  });
});

import {
  curveSteps,
  daysOfCurve,
  daysOfPresentVisits,
  localTime,
  mayBePresent,
  occupancyCurve,
  presenceEnd,
  presentNow,
  shareOf,
  UNCLOSED_STAY_MS,
  type Stay,
} from './occupancy.js';
import { startOfLocalDay } from '#anlao/platform';

const TZ = 'Asia/Shanghai';
/** An instant given as Beijing wall-clock time (UTC+8, no daylight saving). */
const bj = (local: string) => new Date(`${local}+08:00`);
const stay = (checkIn: string, checkOut: string | null, voided = false): Stay => ({
  checkInAt: bj(checkIn),
  checkOutAt: checkOut ? bj(checkOut) : null,
  voidedAt: voided ? bj(checkIn) : null,
});
const presentAt = (curve: { points: { time: string; present: number }[] }, time: string) =>
  curve.points.find((p) => p.time === time)?.present;

describe('the city-local day', () => {
  it('starts at local midnight, in the configured zone', () => {
    expect(startOfLocalDay('2026-11-25', TZ).toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(startOfLocalDay('2026-11-25', 'UTC').toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(localTime(bj('2026-11-25T07:05:00'), TZ)).toBe('07:05');
    expect(localTime(bj('2026-11-25T00:00:00'), TZ)).toBe('00:00');
  });

  it('has 96 quarter-hour steps in Shanghai, and 23 hourly steps on a spring-forward day elsewhere', () => {
    const after = new Date('2030-01-01T00:00:00Z');
    const steps = curveSteps('2026-11-25', 15, TZ, after);
    expect(steps).toHaveLength(96);
    expect(steps[0]?.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(steps.at(-1)?.toISOString()).toBe('2026-11-25T15:45:00.000Z');
    expect(curveSteps('2026-03-29', 60, 'Europe/Berlin', after)).toHaveLength(23);
    expect(curveSteps('2026-10-25', 60, 'Europe/Berlin', after)).toHaveLength(25);
  });

  it('stops at now (a step exactly at now included), and has none for a day to come', () => {
    const now = bj('2026-11-25T10:00:00');
    const steps = curveSteps('2026-11-25', 30, TZ, now);
    expect(steps.at(-1)?.toISOString()).toBe(now.toISOString());
    expect(steps).toHaveLength(21);
    expect(curveSteps('2026-11-26', 30, TZ, now)).toEqual([]);
  });

  it('names the days whose visits may be present now or during a day', () => {
    expect(daysOfPresentVisits(bj('2026-11-25T10:00:00'), TZ)).toEqual(['2026-11-24', '2026-11-25']);
    // Two minutes before midnight a centre clock a little ahead may have stamped tomorrow.
    expect(daysOfPresentVisits(bj('2026-11-25T23:58:00'), TZ)).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(daysOfCurve('2026-03-01')).toEqual(['2026-02-28', '2026-03-01']);
  });
});

describe('presence now', () => {
  const now = bj('2026-11-25T10:00:00');

  it('counts open visits only: not closed, not voided, not older than the longest stay', () => {
    const visits = [
      stay('2026-11-25T09:00:00', null),
      stay('2026-11-25T08:00:00', null),
      stay('2026-11-25T08:30:00', '2026-11-25T09:30:00'),
      stay('2026-11-25T07:00:00', null, true),
      stay('2026-11-24T11:00:00', null), // 23 h ago: may still be here (a night stay)
      stay('2026-11-24T09:59:00', null), // 24 h and a minute ago: certainly gone
    ];
    expect(presentNow(visits, now).map((v) => v.checkInAt.toISOString())).toEqual([
      bj('2026-11-24T11:00:00').toISOString(),
      bj('2026-11-25T08:00:00').toISOString(),
      bj('2026-11-25T09:00:00').toISOString(),
    ]);
  });

  it('counts a check-in stamped a little ahead by the centre clock', () => {
    expect(mayBePresent(stay('2026-11-25T10:03:00', null), now)).toBe(true);
  });

  it('gives the share of the capacity, none for a centre without places', () => {
    expect(shareOf(3, 40)).toBe(0.075);
    expect(shareOf(2, 3)).toBe(0.667);
    expect(shareOf(0, 0)).toBeNull();
  });
});

describe('the occupancy curve of a day', () => {
  const day = '2026-11-24';
  const now = bj('2026-11-26T12:00:00'); // the day is past
  const curve = (visits: Stay[], stepMinutes = 15, at = now) =>
    occupancyCurve(visits, { day, stepMinutes, timeZone: TZ, now: at });

  it('counts a visit from its check-in up to, not at, its check-out', () => {
    const c = curve([stay('2026-11-24T09:00:00', '2026-11-24T11:00:00')]);
    expect(presentAt(c, '08:45')).toBe(0);
    expect(presentAt(c, '09:00')).toBe(1);
    expect(presentAt(c, '10:45')).toBe(1);
    expect(presentAt(c, '11:00')).toBe(0);
  });

  it('counts a check-in between steps from the next step on', () => {
    const c = curve([stay('2026-11-24T09:07:00', '2026-11-24T09:20:00')]);
    expect(c.points.filter((p) => p.present > 0).map((p) => p.time)).toEqual(['09:15']);
  });

  it('counts stays over midnight on both days', () => {
    const overnight = [stay('2026-11-23T22:00:00', '2026-11-24T02:00:00')];
    expect(presentAt(curve(overnight), '00:00')).toBe(1);
    expect(presentAt(curve(overnight), '01:45')).toBe(1);
    expect(presentAt(curve(overnight), '02:00')).toBe(0);
    const late = [stay('2026-11-24T23:00:00', '2026-11-25T01:00:00')];
    expect(presentAt(curve(late), '23:45')).toBe(1);
  });

  it('leaves voided visits out', () => {
    const c = curve([stay('2026-11-24T09:00:00', '2026-11-24T11:00:00', true)]);
    expect(c.points.every((p) => p.present === 0)).toBe(true);
    expect(c.peak?.present).toBe(0);
  });

  it('counts a visit never checked out for an hour once its check-out can no longer come', () => {
    const open = stay('2026-11-24T09:10:00', null);
    expect(presenceEnd(open, now)).toBe(open.checkInAt.getTime() + UNCLOSED_STAY_MS);
    const c = curve([open], 60);
    expect(c.points.filter((p) => p.present > 0).map((p) => p.time)).toEqual(['10:00']);
  });

  it('counts an open visit of today until now', () => {
    const today = bj('2026-11-24T12:10:00');
    const c = curve([stay('2026-11-24T09:00:00', null)], 60, today);
    expect(c.points.map((p) => p.time).at(-1)).toBe('12:00');
    expect(presentAt(c, '09:00')).toBe(1);
    expect(presentAt(c, '12:00')).toBe(1);
  });

  it('names the first step of the peak', () => {
    const c = curve([
      stay('2026-11-24T08:00:00', '2026-11-24T12:00:00'),
      stay('2026-11-24T09:00:00', '2026-11-24T10:00:00'),
      stay('2026-11-24T09:30:00', '2026-11-24T11:00:00'),
      stay('2026-11-24T14:00:00', '2026-11-24T15:00:00'),
    ]);
    expect(c.peak).toEqual({ at: bj('2026-11-24T09:30:00').toISOString(), time: '09:30', present: 3 });
    expect(presentAt(c, '10:00')).toBe(2);
    expect(presentAt(c, '14:30')).toBe(1);
  });

  it('has no points nor peak for a day to come', () => {
    expect(curve([], 15, bj('2026-11-23T12:00:00'))).toEqual({ points: [], peak: null });
  });
});

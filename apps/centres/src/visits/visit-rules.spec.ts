import type { ResidentCopy } from '#anlao/resident-copies';
import { normalizeOpeningHours } from '../centres/opening-hours.js';
import {
  checkOutDecision,
  fingerprintOf,
  kindOf,
  openingHoursRejection,
  residentRejection,
  timeRejection,
  type VisitRulesContext,
} from './visit-rules.js';

const now = new Date('2026-11-25T06:00:00Z');
const ctx: VisitRulesContext = {
  now,
  lateWindowDays: 30,
  timeZone: 'Asia/Shanghai',
  centre: { communityPath: '2101.210102.210102001', communityOnly: false },
};
const at = (iso: string) => new Date(iso);
const alive: ResidentCopy = {
  _id: 'r-1',
  communityPath: '2101.210102.210102001.210102001001',
  alive: true,
  diedOn: null,
  cards: [
    { cardId: 'card-a', digest: 'digest-a', status: 'active' },
    { cardId: 'card-s', digest: 'digest-s', status: 'suspended' },
    { cardId: 'card-l', digest: 'digest-l', status: 'lost' },
  ],
};

describe('kindOf', () => {
  it('tells a check-in, a check-out alone and an item that is neither', () => {
    expect(
      kindOf({ visitId: 'a', residentId: 'r-1', activity: 'meal', checkInAt: '2026-11-25T03:00:00Z' }),
    ).toMatchObject({
      kind: 'check-in',
      checkOutAt: null,
    });
    expect(kindOf({ visitId: 'a', checkOutAt: '2026-11-25T03:00:00Z' })).toMatchObject({ kind: 'check-out' });
    expect(kindOf({ visitId: 'a' })).toMatchObject({ kind: 'invalid', rejection: { code: 'visit.invalid' } });
  });

  it('needs exactly one of residentId or cardNumber, and an activity, for a check-in', () => {
    const base = { visitId: 'a', activity: 'meal' as const, checkInAt: '2026-11-25T03:00:00Z' };
    expect(kindOf({ ...base, residentId: 'r-1', cardNumber: '8600000000000001' }).kind).toBe('invalid');
    expect(kindOf(base).kind).toBe('invalid');
    expect(kindOf({ visitId: 'a', residentId: 'r-1', checkInAt: base.checkInAt }).kind).toBe('invalid');
    expect(kindOf({ visitId: 'a', residentId: 'r-1', checkOutAt: base.checkInAt }).kind).toBe('invalid');
  });
});

describe('timeRejection', () => {
  const code = (inAt: string, outAt: string | null, c = ctx) =>
    timeRejection(at(inAt), outAt ? at(outAt) : null, c)?.code ?? null;

  it('accepts a late visit within the window and five minutes of clock skew', () => {
    expect(code('2026-10-27T03:00:00Z', null)).toBeNull();
    expect(code('2026-11-25T06:04:00Z', null)).toBeNull();
  });
  it('refuses a time in the future', () => {
    expect(code('2026-11-25T06:06:00Z', null)).toBe('visit.in-future');
    expect(code('2026-11-25T05:00:00Z', '2026-11-25T07:00:00Z')).toBe('visit.in-future');
  });
  it('refuses a check-out before check-in', () => {
    expect(code('2026-11-25T03:00:00Z', '2026-11-25T02:00:00Z')).toBe('visit.check-out-before-check-in');
  });
  it('refuses a check-out more than 24 hours after check-in', () => {
    expect(code('2026-11-20T03:00:00Z', '2026-11-21T03:00:00Z')).toBeNull();
    expect(code('2026-11-20T03:00:00Z', '2026-11-21T03:00:01Z')).toBe('visit.stay-over-24h');
  });
  it('refuses a visit older than the late window, which is per city', () => {
    expect(code('2026-10-25T05:59:00Z', null)).toBe('visit.too-late');
    expect(code('2026-10-25T05:59:00Z', null, { ...ctx, lateWindowDays: 60 })).toBeNull();
  });
});

describe('residentRejection', () => {
  const checkIn = at('2026-11-25T03:00:00Z');
  const codeOf = (r: ReturnType<typeof residentRejection>) =>
    'rejection' in r ? r.rejection.code : r.residentId;

  it('accepts a known resident by id or by an active card', () => {
    expect(codeOf(residentRejection({ by: 'resident', copy: alive }, checkIn, ctx))).toBe('r-1');
    expect(codeOf(residentRejection({ by: 'card', copy: alive, cardId: 'card-a' }, checkIn, ctx))).toBe(
      'r-1',
    );
  });
  it('calls an unknown resident or card retryable', () => {
    for (const r of [
      residentRejection({ by: 'resident', copy: null }, checkIn, ctx),
      residentRejection({ by: 'card', copy: null, cardId: null }, checkIn, ctx),
      residentRejection({ by: 'card', copy: alive, cardId: 'card-unknown' }, checkIn, ctx),
    ])
      expect(r).toEqual({
        rejection: expect.objectContaining({ code: 'resident.unknown', retryable: true }),
      });
  });
  it('refuses a suspended card and a lost one', () => {
    expect(codeOf(residentRejection({ by: 'card', copy: alive, cardId: 'card-s' }, checkIn, ctx))).toBe(
      'card.suspended',
    );
    expect(codeOf(residentRejection({ by: 'card', copy: alive, cardId: 'card-l' }, checkIn, ctx))).toBe(
      'card.lost',
    );
  });
  it('refuses a visit after the day of death, in the city’s days', () => {
    const dead = { ...alive, alive: false, diedOn: '2026-11-24' };
    // 23:30 UTC on the 24th is the 25th in Shanghai: after the death.
    expect(codeOf(residentRejection({ by: 'resident', copy: dead }, at('2026-11-24T23:30:00Z'), ctx))).toBe(
      'resident.deceased',
    );
    expect(codeOf(residentRejection({ by: 'resident', copy: dead }, at('2026-11-24T10:00:00Z'), ctx))).toBe(
      'r-1',
    );
  });
  it('refuses a resident outside the area only when the centre is community-only', () => {
    const elsewhere = { ...alive, communityPath: '2101.210103.210103001' };
    const only = { ...ctx, centre: { ...ctx.centre, communityOnly: true } };
    expect(codeOf(residentRejection({ by: 'resident', copy: elsewhere }, checkIn, ctx))).toBe('r-1');
    expect(codeOf(residentRejection({ by: 'resident', copy: elsewhere }, checkIn, only))).toBe(
      'resident.outside-area',
    );
    expect(codeOf(residentRejection({ by: 'resident', copy: alive }, checkIn, only))).toBe('r-1');
    // A sibling whose code merely starts with the same digits is outside.
    const sibling = { ...alive, communityPath: '2101.210102.2101020019' };
    expect(codeOf(residentRejection({ by: 'resident', copy: sibling }, checkIn, only))).toBe(
      'resident.outside-area',
    );
  });
});

describe('checkOutDecision', () => {
  const open = { checkInAt: at('2026-11-25T01:00:00Z'), checkOutAt: null };
  it('closes an open visit, and tells a repeat from a different check-out', () => {
    expect(checkOutDecision(open, at('2026-11-25T04:00:00Z'), ctx)).toEqual({ close: true });
    const closed = { ...open, checkOutAt: at('2026-11-25T04:00:00Z') };
    expect(checkOutDecision(closed, at('2026-11-25T04:00:00Z'), ctx)).toEqual({ status: 'duplicate' });
    expect(checkOutDecision(closed, at('2026-11-25T05:00:00Z'), ctx)).toEqual({ status: 'conflict' });
  });
  it('refuses a check-out of an unknown visit, before its check-in or over 24 h after', () => {
    const code = (r: ReturnType<typeof checkOutDecision>) => ('rejection' in r ? r.rejection.code : null);
    expect(code(checkOutDecision(null, at('2026-11-25T04:00:00Z'), ctx))).toBe('visit.unknown');
    expect(code(checkOutDecision(open, at('2026-11-25T00:00:00Z'), ctx))).toBe(
      'visit.check-out-before-check-in',
    );
    const old = { checkInAt: at('2026-11-20T01:00:00Z'), checkOutAt: null };
    expect(code(checkOutDecision(old, at('2026-11-21T02:00:00Z'), ctx))).toBe('visit.stay-over-24h');
  });
});

it('gives equal facts equal fingerprints and different facts different ones', () => {
  const a = fingerprintOf('r-1', 'meal', at('2026-11-25T01:00:00Z'), null);
  expect(fingerprintOf('r-1', 'meal', at('2026-11-25T01:00:00Z'), null)).toBe(a);
  expect(fingerprintOf('r-1', 'recreation', at('2026-11-25T01:00:00Z'), null)).not.toBe(a);
});

describe('openingHoursRejection', () => {
  // 2026-11-23 is a Monday; Shanghai is UTC+8 all year.
  const hours = normalizeOpeningHours({ mon: [{ from: '08:00', to: '17:30' }], sat: [] });
  const withHours = { ...ctx, centre: { ...ctx.centre, openingHours: hours } };
  const code = (iso: string, c: VisitRulesContext = withHours) =>
    openingHoursRejection(at(iso), c)?.code ?? null;

  it('refuses a check-in more than 30 minutes before opening, in city time', () => {
    // 07:25 Monday in Shanghai is still Sunday 23:25 in UTC.
    expect(code('2026-11-22T23:25:00Z')).toBe('visit.outside-opening-hours');
    expect(code('2026-11-22T23:35:00Z')).toBeNull(); // 07:35
  });
  it('accepts up to 30 minutes after closing', () => {
    expect(code('2026-11-23T10:00:00Z')).toBeNull(); // 18:00
    expect(code('2026-11-23T10:05:00Z')).toBe('visit.outside-opening-hours');
  });
  it('refuses any time on a closed weekday, absent or []', () => {
    expect(code('2026-11-24T02:00:00Z')).toBe('visit.outside-opening-hours'); // Tuesday 10:00
    expect(code('2026-11-28T02:00:00Z')).toBe('visit.outside-opening-hours'); // Saturday 10:00
  });
  it('accepts any time at a centre without opening hours', () => {
    expect(code('2026-11-24T02:00:00Z', ctx)).toBeNull();
    expect(
      code('2026-11-24T02:00:00Z', { ...ctx, centre: { ...ctx.centre, openingHours: null } }),
    ).toBeNull();
  });
});

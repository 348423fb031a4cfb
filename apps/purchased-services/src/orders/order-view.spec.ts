import { serviceLevel } from './order-view.js';

describe('service level', () => {
  const requestedAt = new Date('2027-03-01T08:00:00.000Z');
  const at = (minutes: number) => new Date(requestedAt.getTime() + minutes * 60_000);
  const base = { serviceType: 'emergency-assistance' as const, requestedAt, startedAt: null };

  it('flags an open order past its type’s target, the city’s override first', () => {
    expect(
      serviceLevel({ ...base, state: 'scheduled' }, at(21), { 'emergency-assistance': 20 }).overdue,
    ).toBe(true);
    expect(
      serviceLevel({ ...base, state: 'scheduled' }, at(20), { 'emergency-assistance': 20 }).overdue,
    ).toBe(false);
    expect(
      serviceLevel({ ...base, state: 'cancelled' }, at(9999), { 'emergency-assistance': 20 }).overdue,
    ).toBe(false);
  });

  it('measures a delivered order from request to the worker starting', () => {
    const done = { ...base, state: 'delivered' as const, startedAt: at(25).toISOString() };
    expect(serviceLevel(done, at(9999), { 'emergency-assistance': 20 })).toEqual({
      targetMinutes: 20,
      minutesToStart: 25,
      overdue: false,
      late: true,
    });
  });
});

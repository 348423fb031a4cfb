import { COMMUNITY, event, requested } from '../../test/accessibility-unit-events.js';
import type { AccessibilityEvent } from './accessibility-step.js';
import { emptyOrder, foldOrder, type OrderRecord } from './order-record.js';
import { deliveredOnTime, isOverdue, isUnassigned, orderTally } from './order-tally.js';
import type { OrderEvent } from './order-record.js';

const dispatched = (orderId: string, providerId: string, at: string) =>
  event(
    'order.dispatched',
    {
      orderId,
      residentId: 'r-1',
      serviceType: 'meal-assistance',
      contractId: 'k-1',
      providerId,
      priceFen: 3000,
    },
    at,
  );

const delivered = (
  orderId: string,
  providerId: string,
  startedAt: string,
  endedAt: string,
  priceFen = 3000,
) =>
  event(
    'order.delivered',
    {
      orderId,
      residentId: 'r-1',
      serviceType: 'meal-assistance',
      providerId,
      contractId: 'k-1',
      workerId: 'w-1',
      startedAt,
      endedAt,
      priceFen,
    },
    endedAt,
  );

const TZ = 'Asia/Shanghai';
const foldAll = (events: AccessibilityEvent[], sla = {}) =>
  events.reduce<OrderRecord>((o, e) => foldOrder(o, e as OrderEvent, sla), emptyOrder('o-1'));
/** The sum of the order's tally entries for one counter document (the community's, for unit targets). */
const entry = (order: OrderRecord, target: string, month?: string, cursor = '') => {
  const matching = orderTally(order, { timeZone: TZ, cursor }).filter(
    (e) =>
      e.target === target && e.month === month && (target.startsWith('unit') ? e.at === COMMUNITY : true),
  );
  if (matching.length === 0) return undefined;
  const inc: Record<string, number> = {};
  for (const e of matching) for (const [k, n] of Object.entries(e.inc)) inc[k] = (inc[k] ?? 0) + n;
  return { at: matching[0]?.at, inc };
};

describe('an order’s tally', () => {
  it('counts nothing until the request says where the order is', () => {
    const order = foldAll([dispatched('o-1', 'p-1', '2026-11-02T01:00:00.000Z')]);
    expect(order.dispatches).toHaveLength(1);
    expect(orderTally(order, { timeZone: TZ, cursor: '' })).toEqual([]);
  });

  it('counts each step in the local month it happened, and a redelivered event once', () => {
    // Requested 23:30 on 31 October in Shanghai (15:30 UTC): October's.
    const req = requested('o-1', '2026-10-31T15:30:00.000Z');
    const d1 = dispatched('o-1', 'p-1', '2026-10-31T16:10:00.000Z');
    const order = foldAll([req, d1, d1, req]);
    expect(order.dispatches).toHaveLength(1);
    expect(entry(order, 'unit-month', '2026-10')?.inc).toEqual({ 'orders.requested': 1 });
    // 00:10 on 1 November in Shanghai.
    expect(entry(order, 'unit-month', '2026-11')?.inc).toEqual({ 'orders.dispatched': 1 });
    expect(entry(order, 'provider-month', '2026-11')).toMatchObject({ at: 'p-1', inc: { dispatched: 1 } });
    expect(entry(order, 'unit')?.inc).toEqual({ 'orders.open': 1 });
  });

  it('keeps an order unassigned while every dispatch was declined', () => {
    const req = requested('o-1', '2026-11-02T01:00:00.000Z');
    const declined = event(
      'order.declined',
      { orderId: 'o-1', providerId: 'p-1', contractId: 'k-1', reason: 'no-capacity' },
      '2026-11-02T01:20:00.000Z',
    );
    expect(isUnassigned(foldAll([req]))).toBe(true);
    expect(isUnassigned(foldAll([req, dispatched('o-1', 'p-1', '2026-11-02T01:10:00.000Z')]))).toBe(false);
    const order = foldAll([req, dispatched('o-1', 'p-1', '2026-11-02T01:10:00.000Z'), declined]);
    expect(isUnassigned(order)).toBe(true);
    expect(entry(order, 'unit')?.inc).toEqual({ 'orders.open': 1, 'orders.unassigned': 1 });
    expect(entry(order, 'provider', undefined)?.inc).toEqual({ dispatched: 1, declined: 1 });
  });

  it('judges a delivery on time by the start within the SLA, and buckets request-to-end time', () => {
    // Meal assistance: 48 h. Started after 47 h 59 min, ended 2 h later.
    const req = requested('o-1', '2026-11-02T00:00:00.000Z');
    const onTime = foldAll([
      req,
      delivered('o-1', 'p-1', '2026-11-03T23:59:00.000Z', '2026-11-04T01:59:00.000Z'),
    ]);
    expect(deliveredOnTime(onTime)).toBe(true);
    expect(entry(onTime, 'unit-month', '2026-11')?.inc).toMatchObject({
      'orders.delivered': 1,
      'orders.onTime': 1,
      'orders.deliveredFen': 3000,
    });
    expect(entry(onTime, 'unit-month', '2026-11')?.inc['latency.le4320']).toBe(1);
    const late = foldAll([
      req,
      delivered('o-1', 'p-1', '2026-11-04T00:01:00.000Z', '2026-11-04T01:00:00.000Z'),
    ]);
    expect(deliveredOnTime(late)).toBe(false);
    expect(isOverdue(late, '')).toBe(true);
    expect(entry(late, 'unit-month', '2026-11')?.inc).toMatchObject({
      'orders.delivered': 1,
      'orders.overdue': 1,
    });
    expect(entry(late, 'unit')).toBeUndefined();
  });

  it('holds an open order overdue once the sweep has passed its due time, in the month it fell due', () => {
    const order = foldAll([requested('o-1', '2026-11-29T12:00:00.000Z', 'emergency-assistance')]);
    // Due 30 minutes later.
    expect(order.due).toBe('2026-11-29T12:30:00.000Z|o-1');
    expect(isOverdue(order, '2026-11-29T12:29:59.999Z|~')).toBe(false);
    expect(isOverdue(order, '2026-11-29T12:30:00.000Z|o-1')).toBe(true);
    const tally = orderTally(order, { timeZone: TZ, cursor: '2026-11-29T13:00:00.000Z|~' });
    expect(tally.find((e) => e.target === 'unit' && e.at === COMMUNITY)?.inc).toEqual({
      'orders.open': 1,
      'orders.unassigned': 1,
      'orders.overdue': 1,
    });
    // A cancellation after the due time: still overdue (in its month), no longer open.
    const cancelled = foldOrder(
      order,
      event(
        'order.cancelled',
        { orderId: 'o-1', residentId: 'r-1', from: 'requested', reason: 'elder-withdrew', providerId: null },
        '2026-11-29T13:10:00.000Z',
      ) as OrderEvent,
      {},
    );
    expect(isOverdue(cancelled, '')).toBe(true);
    const early = foldOrder(
      order,
      event(
        'order.cancelled',
        { orderId: 'o-1', residentId: 'r-1', from: 'requested', reason: 'duplicate', providerId: null },
        '2026-11-29T12:10:00.000Z',
      ) as OrderEvent,
      {},
    );
    expect(isOverdue(early, '2026-12-01T00:00:00.000Z|~')).toBe(false);
  });

  it('uses a city’s SLA override', () => {
    const order = foldAll([requested('o-1', '2026-11-02T00:00:00.000Z')], { 'meal-assistance': 60 });
    expect(order.slaMinutes).toBe(60);
    expect(order.due).toBe('2026-11-02T01:00:00.000Z|o-1');
  });

  it('counts ratings, complaints and co-payments in the month of the delivery', () => {
    const order = foldAll([
      requested('o-1', '2026-10-30T00:00:00.000Z'),
      delivered('o-1', 'p-1', '2026-10-30T02:00:00.000Z', '2026-10-30T03:00:00.000Z', 4500),
      event(
        'order.rated',
        { orderId: 'o-1', providerId: 'p-1', rating: 2, complained: true },
        '2026-11-03T00:00:00.000Z',
      ),
      event(
        'order.paid',
        {
          orderId: 'o-1',
          residentId: 'r-1',
          providerId: 'p-1',
          contractId: 'k-1',
          part: 'living-services',
          subsidyFen: 4000,
          copaymentFen: 500,
          freeExperience: false,
        },
        '2026-11-03T00:00:00.000Z',
      ),
    ]);
    expect(entry(order, 'provider-month', '2026-10')?.inc).toEqual({
      delivered: 1,
      onTime: 1,
      deliveredFen: 4500,
      rated: 1,
      ratingSum: 2,
      complaints: 1,
    });
    expect(entry(order, 'unit-month', '2026-10')?.inc).toMatchObject({
      'use.copaymentFen': 500,
      'use.paidOrders': 1,
    });
    expect(entry(order, 'provider-month', '2026-11')).toBeUndefined();
  });
});

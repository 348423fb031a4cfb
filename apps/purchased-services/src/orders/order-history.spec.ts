import { createEvent } from '#anlao/events';
import { historyAfter } from './order-history.js';

const event = (type: 'order.accepted' | 'order.scheduled', at: string) => {
  const base = createEvent({
    type,
    source: 'purchased-services',
    subject: 'o-1',
    orgUnit: '2101.210102',
    correlationId: 'c',
    payload:
      type === 'order.accepted'
        ? { orderId: 'o-1', providerId: 'p-1' }
        : { orderId: 'o-1', providerId: 'p-1', scheduledFor: at },
  });
  return { ...base, occurredAt: at };
};

describe('historyAfter', () => {
  it('appends each order event with its own time, after what the order had', () => {
    const before = [{ event: 'order.requested', at: '2026-11-20T01:00:00.000Z' }];
    const history = historyAfter(before, [
      event('order.accepted', '2026-11-20T01:05:00.000Z'),
      event('order.scheduled', '2026-11-20T01:06:00.000Z'),
    ]);
    expect(history).toEqual([
      { event: 'order.requested', at: '2026-11-20T01:00:00.000Z' },
      { event: 'order.accepted', at: '2026-11-20T01:05:00.000Z' },
      { event: 'order.scheduled', at: '2026-11-20T01:06:00.000Z' },
    ]);
    expect(before).toHaveLength(1); // the order read is not changed
  });

  it('keeps other events out (the wallet debit a delivery carries), and starts an old order empty', () => {
    const debit = { ...event('order.accepted', '2026-11-20T02:00:00.000Z'), type: 'service.delivered' };
    expect(historyAfter(undefined, [debit as never])).toEqual([]);
  });
});

import { localDay } from '#anlao/platform';
import { latencyBucket } from './latency-histogram.js';
import { dueAtOf, type OrderRecord } from './order-record.js';
import { TallyBuilder, type Tally } from './tally.js';

export interface OrderTallyContext {
  timeZone: string;
  /**
   * How far the overdue sweep has got (`dueAt|orderId`, or '' before its first run): an open order
   * whose `due` key is at or below it has passed its due time.
   */
  cursor: string;
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/**
 * On time: the worker started within the type's SLA after the request, in whole minutes (the
 * measure of purchased-services' `late` and of the settlements' `onTimeCount`). Null until delivered.
 */
export function deliveredOnTime(order: OrderRecord): boolean | null {
  if (order.delivery === null || order.requestedAt === null || order.slaMinutes === null) return null;
  return Math.round(minutesBetween(order.requestedAt, order.delivery.startedAt)) <= order.slaMinutes;
}

export const isOpen = (order: OrderRecord): boolean =>
  order.delivery === null && order.failure === null && order.cancellation === null;

/** Waiting for a provider: requested or declined, and not dispatched again since. */
export const isUnassigned = (order: OrderRecord): boolean =>
  isOpen(order) && order.dispatches.length <= order.declines.length;

/**
 * Overdue: the service did not start within the SLA. A delivered order was late (started past its
 * due time); a failed or cancelled one was still unstarted when it fell due (closed after it); an
 * open one has passed its due time (as of the sweep, which runs every minute).
 */
export function isOverdue(order: OrderRecord, cursor: string): boolean {
  const dueAt = dueAtOf(order);
  if (dueAt === null || order.due === null) return false;
  if (order.delivery !== null) return deliveredOnTime(order) === false;
  const closedAt = order.failure?.at ?? order.cancellation?.at;
  if (closedAt !== undefined) return Date.parse(closedAt) > Date.parse(dueAt);
  return order.due <= cursor;
}

/**
 * What an order adds to the counters. Unit months: each step in the local month it happened in
 * (the request at `requestedAt`, a delivery at its end, dispatches, declines, failures and
 * cancellations when their events occurred), overdue in the month the order fell due; the unit's
 * current open, unassigned and overdue orders. Providers: dispatches and declines in their months;
 * deliveries, ratings and complaints in the month of the delivery, as the settlements do.
 */
export function orderTally(order: OrderRecord, ctx: OrderTallyContext): Tally {
  const { path, requestedAt } = order;
  if (path === null || requestedAt === null) return [];
  const monthOf = (instant: string) => localDay(instant, ctx.timeZone).slice(0, 7);
  const tally = new TallyBuilder();
  const unitMonth = (month: string, inc: Record<string, number>) =>
    tally.add({ target: 'unit-month', at: path, month, inc });
  const provider = (providerId: string, month: string, inc: Record<string, number>) => {
    tally.add({ target: 'provider', at: providerId, inc });
    tally.add({ target: 'provider-month', at: providerId, month, inc });
  };
  unitMonth(monthOf(requestedAt), { 'orders.requested': 1 });
  for (const s of order.dispatches) {
    unitMonth(monthOf(s.at), { 'orders.dispatched': 1 });
    provider(s.providerId, monthOf(s.at), { dispatched: 1 });
  }
  for (const s of order.accepts) unitMonth(monthOf(s.at), { 'orders.accepted': 1 });
  for (const s of order.declines) {
    unitMonth(monthOf(s.at), { 'orders.declined': 1 });
    provider(s.providerId, monthOf(s.at), { declined: 1 });
  }
  const delivery = order.delivery;
  const servedMonth = delivery ? monthOf(delivery.endedAt) : null;
  if (delivery && servedMonth) {
    const onTime = deliveredOnTime(order) ? 1 : 0;
    unitMonth(servedMonth, {
      'orders.delivered': 1,
      'orders.onTime': onTime,
      'orders.deliveredFen': delivery.priceFen,
      [`latency.${latencyBucket(minutesBetween(requestedAt, delivery.endedAt))}`]: 1,
    });
    provider(delivery.providerId, servedMonth, { delivered: 1, onTime, deliveredFen: delivery.priceFen });
  }
  if (order.failure) {
    unitMonth(monthOf(order.failure.at), { 'orders.failed': 1 });
    provider(order.failure.providerId, monthOf(order.failure.at), { failed: 1 });
  }
  if (order.cancellation) unitMonth(monthOf(order.cancellation.at), { 'orders.cancelled': 1 });
  const overdue = isOverdue(order, ctx.cursor);
  const dueAt = dueAtOf(order);
  if (overdue && dueAt !== null) unitMonth(monthOf(dueAt), { 'orders.overdue': 1 });
  if (isOpen(order))
    tally.add({
      target: 'unit',
      at: path,
      inc: {
        'orders.open': 1,
        'orders.unassigned': isUnassigned(order) ? 1 : 0,
        'orders.overdue': overdue ? 1 : 0,
      },
    });
  if (order.rating) {
    const { rating, complained, providerId, at } = order.rating;
    provider(providerId, servedMonth ?? monthOf(at), {
      rated: 1,
      ratingSum: rating,
      complaints: complained ? 1 : 0,
    });
  }
  if (order.payment)
    unitMonth(servedMonth ?? monthOf(order.payment.at), {
      'use.copaymentFen': order.payment.copaymentFen,
      'use.paidOrders': 1,
    });
  return tally.build();
}

import { slaMinutesOf, type SlaOverrides } from '#anlao/events';
import type { Order } from './order.schema.js';
import { OPEN_STATES, type OrderFacts } from './order-state.js';

export function factsOf(order: Order): OrderFacts {
  return {
    orderId: order._id,
    residentId: order.residentId,
    serviceType: order.serviceType,
    state: order.state,
    contractId: order.contractId,
    providerId: order.providerId,
    priceFen: order.priceFen,
    rating: order.rating,
  };
}

/**
 * Service level (ADR 0025): minutes from the request to the worker starting, the catalogue's
 * measure. An open order is overdue once now is past its type's target (city override first);
 * a delivered one was late when it started past it; failed and cancelled orders are neither.
 */
export function serviceLevel(
  order: Pick<Order, 'state' | 'serviceType' | 'requestedAt' | 'startedAt'>,
  now: Date,
  overrides: SlaOverrides,
): { targetMinutes: number; minutesToStart: number | null; overdue: boolean; late: boolean } {
  const targetMinutes = slaMinutesOf(order.serviceType, overrides);
  const requestedAt = new Date(order.requestedAt).getTime();
  const minutesToStart =
    order.startedAt === null ? null : Math.round((Date.parse(order.startedAt) - requestedAt) / 60_000);
  const open = OPEN_STATES.includes(order.state);
  return {
    targetMinutes,
    minutesToStart,
    overdue: open && now.getTime() - requestedAt > targetMinutes * 60_000,
    late: minutesToStart !== null && minutesToStart > targetMinutes,
  };
}

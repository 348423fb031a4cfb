import { slaMinutesOf, type AnyEvent, type ServiceType, type SlaOverrides } from '#anlao/events';
import type { CountedTally } from './tally.js';

export const ORDER_EVENTS = [
  'order.requested',
  'order.dispatched',
  'order.accepted',
  'order.declined',
  'order.delivered',
  'order.failed',
  'order.cancelled',
  'order.rated',
  'order.paid',
] as const;
export type OrderEvent = Extract<AnyEvent, { type: (typeof ORDER_EVENTS)[number] }>;

/** One step of an order by a provider, keyed by its event: the same event again adds nothing. */
export interface OrderStep {
  eventId: string;
  at: string;
  providerId: string;
}

/**
 * What the accessibility lane knows of one order (`accessibility_orders[orderId]`): the facts its
 * counters are computed from and what they counted. Bounded by one order's life (a few dispatches).
 */
export interface OrderRecord {
  _id: string;
  /** The resident's community, from `order.requested`: the order counts nowhere until it is known. */
  path: string | null;
  serviceType: ServiceType | null;
  requestedAt: string | null;
  /** SLA minutes that applied at the request (the city's override or the catalogue's default). */
  slaMinutes: number | null;
  /** `dueAt|orderId`, dueAt = request + SLA (ISO instant): the overdue sweep's index key. */
  due: string | null;
  dispatches: OrderStep[];
  accepts: OrderStep[];
  declines: OrderStep[];
  delivery: { startedAt: string; endedAt: string; providerId: string; priceFen: number } | null;
  failure: { at: string; providerId: string } | null;
  cancellation: { at: string } | null;
  rating: { at: string; providerId: string; rating: number; complained: boolean } | null;
  payment: { at: string; copaymentFen: number; subsidyFen: number } | null;
  counted: CountedTally;
}

export function emptyOrder(orderId: string): OrderRecord {
  return {
    _id: orderId,
    path: null,
    serviceType: null,
    requestedAt: null,
    slaMinutes: null,
    due: null,
    dispatches: [],
    accepts: [],
    declines: [],
    delivery: null,
    failure: null,
    cancellation: null,
    rating: null,
    payment: null,
    counted: [],
  };
}

export const dueAtOf = (order: Pick<OrderRecord, 'due'>): string | null => order.due?.split('|')[0] ?? null;

const withStep = (steps: OrderStep[], step: OrderStep) =>
  steps.some((s) => s.eventId === step.eventId) ? steps : [...steps, step];

/**
 * Folds one order event into the record; returns the same object when the event adds nothing (a
 * redelivery, a second rating or delivery), so the caller knows nothing is to be written.
 */
export function foldOrder(order: OrderRecord, event: OrderEvent, sla: SlaOverrides): OrderRecord {
  const at = event.occurredAt;
  switch (event.type) {
    case 'order.requested': {
      if (order.requestedAt !== null) return order;
      const p = event.payload;
      const slaMinutes = slaMinutesOf(p.serviceType, sla);
      const dueAt = new Date(Date.parse(p.requestedAt) + slaMinutes * 60_000).toISOString();
      return {
        ...order,
        path: p.communityPath,
        serviceType: p.serviceType,
        requestedAt: p.requestedAt,
        slaMinutes,
        due: `${dueAt}|${order._id}`,
      };
    }
    case 'order.dispatched':
    case 'order.accepted':
    case 'order.declined': {
      const step = { eventId: event.id, at, providerId: event.payload.providerId };
      const key =
        event.type === 'order.dispatched'
          ? 'dispatches'
          : event.type === 'order.accepted'
            ? 'accepts'
            : 'declines';
      const steps = withStep(order[key], step);
      return steps === order[key] ? order : { ...order, [key]: steps };
    }
    case 'order.delivered': {
      if (order.delivery !== null) return order;
      const { startedAt, endedAt, providerId, priceFen } = event.payload;
      return { ...order, delivery: { startedAt, endedAt, providerId, priceFen } };
    }
    case 'order.failed':
      return order.failure !== null
        ? order
        : { ...order, failure: { at, providerId: event.payload.providerId } };
    case 'order.cancelled':
      return order.cancellation !== null ? order : { ...order, cancellation: { at } };
    case 'order.rated': {
      if (order.rating !== null) return order;
      const { providerId, rating, complained } = event.payload;
      return { ...order, rating: { at, providerId, rating, complained } };
    }
    case 'order.paid': {
      if (order.payment !== null) return order;
      const { copaymentFen, subsidyFen } = event.payload;
      return { ...order, payment: { at, copaymentFen, subsidyFen } };
    }
  }
}

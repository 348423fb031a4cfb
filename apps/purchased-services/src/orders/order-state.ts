import type {
  OrderCancelReason,
  OrderDeclineReason,
  OrderFailureReason,
  OrderStateCode,
  PayloadOf,
} from '#anlao/events';
import { DomainError } from '#anlao/platform';

/**
 * The order's life (ADR 0025): requested → dispatched → accepted | declined (→ dispatched again)
 * → scheduled → delivered | failed; cancelled from any open state; a delivered order is rated
 * once. Pure: the use cases read the order, ask `transition` and write its answer and the event
 * in one conditional document write, so the rules live here and are tested as a table.
 */
export type OrderState = OrderStateCode;

export const OPEN_STATES: readonly OrderState[] = [
  'requested',
  'dispatched',
  'accepted',
  'declined',
  'scheduled',
];

/** What a transition needs to know of the order. */
export interface OrderFacts {
  orderId: string;
  residentId: string;
  serviceType: PayloadOf<'order.dispatched'>['serviceType'];
  state: OrderState;
  contractId: string | null;
  providerId: string | null;
  priceFen: number | null;
  rating: number | null;
}

export type OrderCommand =
  | { kind: 'dispatch'; contractId: string; providerId: string; priceFen: number }
  | { kind: 'accept' }
  | { kind: 'decline'; reason: OrderDeclineReason }
  | { kind: 'schedule'; scheduledFor: string }
  | { kind: 'deliver'; workerId: string; startedAt: string; endedAt: string }
  | { kind: 'fail'; reason: OrderFailureReason }
  | { kind: 'cancel'; reason: OrderCancelReason }
  | { kind: 'rate'; rating: number; complaint: string | null }
  // The payment saga's two answers, from the residents' wallet events (never from a caller).
  | { kind: 'pay'; part: WalletPart; subsidyFen: number; copaymentFen: number; freeExperience: boolean }
  | { kind: 'reject-payment'; reason: PaymentRejectionReason };

export type WalletPart = PayloadOf<'order.paid'>['part'];
export type PaymentRejectionReason = PayloadOf<'order.payment-rejected'>['reason'];

export type CommandKind = OrderCommand['kind'];
export const COMMAND_KINDS: readonly CommandKind[] = [
  'dispatch',
  'accept',
  'decline',
  'schedule',
  'deliver',
  'fail',
  'cancel',
  'rate',
  'pay',
  'reject-payment',
];

/** A delivered order whose payment has been answered, either way: it is done. */
export const DONE_STATES: readonly OrderState[] = ['delivered', 'paid', 'payment-rejected'];

/** From which states each command is legal. */
export const ALLOWED_FROM: Readonly<Record<CommandKind, readonly OrderState[]>> = {
  // A declined order goes out again, to another contract (or the same one, later).
  dispatch: ['requested', 'declined'],
  accept: ['dispatched'],
  decline: ['dispatched'],
  schedule: ['accepted'],
  deliver: ['scheduled'],
  fail: ['scheduled'],
  cancel: OPEN_STATES,
  // The elder rates the visit, whether or not the wallet has answered yet.
  rate: ['delivered', 'paid', 'payment-rejected'],
  pay: ['delivered'],
  'reject-payment': ['delivered'],
};

type OrderEventType =
  | 'order.dispatched'
  | 'order.accepted'
  | 'order.declined'
  | 'order.scheduled'
  | 'order.delivered'
  | 'order.failed'
  | 'order.cancelled'
  | 'order.rated'
  | 'order.paid'
  | 'order.payment-rejected';

export type OrderEvent = { [T in OrderEventType]: { type: T; payload: PayloadOf<T> } }[OrderEventType];

/** The fields of the order that change, and the one event saying so. */
export interface Transition {
  next: Partial<OrderFields>;
  event: OrderEvent;
}

/** The stored fields a transition may set (instants as ISO text). */
export interface OrderFields {
  state: OrderState;
  contractId: string | null;
  providerId: string | null;
  priceFen: number | null;
  scheduledFor: string | null;
  workerId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  reason: string | null;
  rating: number | null;
  complaint: string | null;
  unassigned: boolean;
  paymentPart: WalletPart | null;
  subsidyFen: number | null;
  copaymentFen: number | null;
  freeExperience: boolean;
}

const VERB: Readonly<Record<CommandKind, string>> = {
  dispatch: 'dispatched',
  accept: 'accepted',
  decline: 'declined',
  schedule: 'scheduled',
  deliver: 'delivered',
  fail: 'failed',
  cancel: 'cancelled',
  rate: 'rated',
  pay: 'paid',
  'reject-payment': 'refused payment',
};

export function illegalTransition(
  order: Pick<OrderFacts, 'orderId' | 'state'>,
  kind: CommandKind,
): DomainError {
  return new DomainError(
    'conflict',
    'order.illegal-transition',
    `order ${order.orderId} is ${order.state}: it cannot be ${VERB[kind]} now`,
    [],
    { currentState: order.state, command: kind },
  );
}

/** The order's next fields and event, or a 409 naming the current state. */
export function transition(order: OrderFacts, command: OrderCommand): Transition {
  const legal = ALLOWED_FROM[command.kind].includes(order.state);
  // Rated once: a second rating would silently rewrite the first, so it is refused the same way.
  if (!legal || (command.kind === 'rate' && order.rating !== null))
    throw illegalTransition(order, command.kind);
  const { orderId } = order;
  if (command.kind === 'dispatch') {
    const { contractId, providerId, priceFen } = command;
    return {
      next: { state: 'dispatched', contractId, providerId, priceFen, unassigned: false, reason: null },
      event: {
        type: 'order.dispatched',
        payload: {
          orderId,
          residentId: order.residentId,
          serviceType: order.serviceType,
          contractId,
          providerId,
          priceFen,
        },
      },
    };
  }
  if (command.kind === 'cancel') {
    return {
      next: { state: 'cancelled', reason: command.reason },
      event: {
        type: 'order.cancelled',
        payload: {
          orderId,
          residentId: order.residentId,
          from: order.state,
          reason: command.reason,
          providerId: order.providerId,
        },
      },
    };
  }
  // Every other command follows a dispatch, which set the contract, provider and price.
  const { contractId, providerId, priceFen } = assigned(order);
  switch (command.kind) {
    case 'accept':
      return {
        next: { state: 'accepted' },
        event: { type: 'order.accepted', payload: { orderId, providerId } },
      };
    case 'decline':
      // The provider is let go: the next dispatch chooses again.
      return {
        next: {
          state: 'declined',
          reason: command.reason,
          contractId: null,
          providerId: null,
          priceFen: null,
        },
        event: {
          type: 'order.declined',
          payload: { orderId, providerId, contractId, reason: command.reason },
        },
      };
    case 'schedule':
      return {
        next: { state: 'scheduled', scheduledFor: command.scheduledFor },
        event: {
          type: 'order.scheduled',
          payload: { orderId, providerId, scheduledFor: command.scheduledFor },
        },
      };
    case 'deliver': {
      const { workerId, startedAt, endedAt } = command;
      return {
        next: { state: 'delivered', workerId, startedAt, endedAt },
        event: {
          type: 'order.delivered',
          payload: {
            orderId,
            residentId: order.residentId,
            serviceType: order.serviceType,
            providerId,
            contractId,
            workerId,
            startedAt,
            endedAt,
            priceFen,
          },
        },
      };
    }
    case 'fail':
      return {
        next: { state: 'failed', reason: command.reason },
        event: { type: 'order.failed', payload: { orderId, providerId, reason: command.reason } },
      };
    case 'pay': {
      const { part, subsidyFen, copaymentFen, freeExperience } = command;
      return {
        next: { state: 'paid', paymentPart: part, subsidyFen, copaymentFen, freeExperience, reason: null },
        event: {
          type: 'order.paid',
          payload: {
            orderId,
            residentId: order.residentId,
            providerId,
            contractId,
            part,
            subsidyFen,
            copaymentFen,
            freeExperience,
          },
        },
      };
    }
    case 'reject-payment':
      return {
        next: { state: 'payment-rejected', reason: command.reason },
        event: {
          type: 'order.payment-rejected',
          payload: { orderId, residentId: order.residentId, providerId, contractId, reason: command.reason },
        },
      };
    case 'rate':
      return {
        next: { rating: command.rating, complaint: command.complaint },
        event: {
          type: 'order.rated',
          payload: { orderId, providerId, rating: command.rating, complained: command.complaint !== null },
        },
      };
  }
}

function assigned(order: OrderFacts): { contractId: string; providerId: string; priceFen: number } {
  if (order.contractId === null || order.providerId === null || order.priceFen === null)
    // Only a corrupt document gets here: the table admits these commands after a dispatch only.
    throw new Error(`order ${order.orderId} is ${order.state} without a contract`);
  return { contractId: order.contractId, providerId: order.providerId, priceFen: order.priceFen };
}

import { DomainError } from '#anlao/platform';
import { OrderStateCode } from '#anlao/events';
import {
  COMMAND_KINDS,
  transition,
  type CommandKind,
  type OrderCommand,
  type OrderFacts,
  type OrderState,
} from './order-state.js';

const COMMANDS: Record<CommandKind, OrderCommand> = {
  dispatch: { kind: 'dispatch', contractId: 'k-1', providerId: 'p-1', priceFen: 1500 },
  accept: { kind: 'accept' },
  decline: { kind: 'decline', reason: 'no-capacity' },
  schedule: { kind: 'schedule', scheduledFor: '2027-03-01T08:00:00.000Z' },
  deliver: {
    kind: 'deliver',
    workerId: 'w-1',
    startedAt: '2027-03-01T08:05:00.000Z',
    endedAt: '2027-03-01T09:00:00.000Z',
  },
  fail: { kind: 'fail', reason: 'elder-absent' },
  cancel: { kind: 'cancel', reason: 'elder-withdrew' },
  rate: { kind: 'rate', rating: 4, complaint: null },
  pay: { kind: 'pay', part: 'living-services', subsidyFen: 1000, copaymentFen: 500, freeExperience: false },
  'reject-payment': { kind: 'reject-payment', reason: 'resident-deceased' },
};

/** The expected table: state × command → next state (`=` unchanged), or null for a 409. */
const TABLE: Record<OrderState, Partial<Record<CommandKind, OrderState | '='>>> = {
  requested: { dispatch: 'dispatched', cancel: 'cancelled' },
  dispatched: { accept: 'accepted', decline: 'declined', cancel: 'cancelled' },
  accepted: { schedule: 'scheduled', cancel: 'cancelled' },
  declined: { dispatch: 'dispatched', cancel: 'cancelled' },
  scheduled: { deliver: 'delivered', fail: 'failed', cancel: 'cancelled' },
  delivered: { rate: '=', pay: 'paid', 'reject-payment': 'payment-rejected' },
  failed: {},
  cancelled: {},
  // The wallet's answer is given once; the elder may still rate the visit.
  paid: { rate: '=' },
  'payment-rejected': { rate: '=' },
};

function order(state: OrderState): OrderFacts {
  const assigned = !['requested', 'declined'].includes(state);
  return {
    orderId: 'o-1',
    residentId: 'r-1',
    serviceType: 'meal-assistance',
    state,
    contractId: assigned ? 'k-1' : null,
    providerId: assigned ? 'p-1' : null,
    priceFen: assigned ? 1500 : null,
    rating: null,
  };
}

describe('order state machine (every state × every command)', () => {
  const cases = OrderStateCode.options.flatMap((state) =>
    COMMAND_KINDS.map((kind) => [state, kind, TABLE[state][kind] ?? null] as const),
  );

  it.each(cases)('%s + %s → %s', (state, kind, expected) => {
    if (expected === null) {
      let caught: unknown;
      try {
        transition(order(state), COMMANDS[kind]);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect(caught).toMatchObject({ code: 'order.illegal-transition' });
      expect((caught as Error).message).toContain(`is ${state}`);
      return;
    }
    const result = transition(order(state), COMMANDS[kind]);
    expect(result.next.state).toBe(expected === '=' ? undefined : expected);
    expect(result.event.type).toBe(
      `order.${kind === 'dispatch' ? 'dispatched' : expected === '=' ? 'rated' : expected}`,
    );
    if (kind === 'pay')
      expect(result.event.payload).toMatchObject({ subsidyFen: 1000, copaymentFen: 500, contractId: 'k-1' });
    expect(result.event.payload.orderId).toBe('o-1');
  });

  it('lets a declined order go out again with the provider cleared', () => {
    const declined = transition(order('dispatched'), COMMANDS.decline);
    expect(declined.next).toMatchObject({
      state: 'declined',
      contractId: null,
      providerId: null,
      priceFen: null,
    });
    expect(declined.event.payload).toEqual({
      orderId: 'o-1',
      providerId: 'p-1',
      contractId: 'k-1',
      reason: 'no-capacity',
    });
  });

  it('carries what residents and settlement need on delivery, and never the complaint words', () => {
    expect(transition(order('scheduled'), COMMANDS.deliver).event.payload).toEqual({
      orderId: 'o-1',
      residentId: 'r-1',
      serviceType: 'meal-assistance',
      providerId: 'p-1',
      contractId: 'k-1',
      workerId: 'w-1',
      startedAt: '2027-03-01T08:05:00.000Z',
      endedAt: '2027-03-01T09:00:00.000Z',
      priceFen: 1500,
    });
    const rated = transition(order('delivered'), { kind: 'rate', rating: 2, complaint: 'late and cold' });
    expect(rated.next).toEqual({ rating: 2, complaint: 'late and cold' });
    expect(rated.event.payload).toEqual({ orderId: 'o-1', providerId: 'p-1', rating: 2, complained: true });
  });

  it('rates once', () => {
    expect(() => transition({ ...order('delivered'), rating: 5 }, COMMANDS.rate)).toThrow(/is delivered/);
  });

  it('names the state a cancellation came from and its provider', () => {
    expect(transition(order('requested'), COMMANDS.cancel).event.payload).toMatchObject({
      from: 'requested',
      providerId: null,
    });
    expect(transition(order('scheduled'), COMMANDS.cancel).event.payload).toMatchObject({
      from: 'scheduled',
      providerId: 'p-1',
    });
  });
});

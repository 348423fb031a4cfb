import { Inject, Injectable } from '@nestjs/common';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { CONFIG, DomainError, localDay, type ServiceConfig } from '#anlao/platform';
import { orgUnitCovers, type Principal } from '#anlao/auth';
import { OrderRepository } from './order.repository.js';
import type { Order } from './order.schema.js';
import { transition, type OrderCommand, type OrderEvent } from './order-state.js';
import { factsOf } from './order-view.js';
import { ContractMoney } from './contract-money.js';
import { DispatchOrderUseCase } from './dispatch-order.usecase.js';

const MAX_ATTEMPTS = 5;
/** What the provider's client does; cancelling and rating are the hotline's (or staff's). */
const STAFF_COMMANDS: ReadonlySet<OrderCommand['kind']> = new Set(['cancel', 'rate']);
const PROVIDER_COMMANDS: ReadonlySet<OrderCommand['kind']> = new Set([
  'accept',
  'decline',
  'schedule',
  'deliver',
  'fail',
]);

/**
 * One step of an order by its provider or the hotline (ADR 0025): the state machine decides,
 * the new fields and the event (a delivery: and `service.delivered`) are one write conditional on
 * the revision read. Then the money
 * follows on the contract (release on decline, failure or cancellation, spend on delivery), and
 * a declined order is dispatched again. A caller not entitled to the order reads it as unknown.
 */
@Injectable()
export class TransitionOrderUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly money: ContractMoney,
    private readonly dispatch: DispatchOrderUseCase,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute(
    principal: Principal,
    orderId: string,
    command: OrderCommand,
    correlationId: string,
    now = new Date(),
  ): Promise<Order> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const order = entitled(principal, await this.orders.findById(orderId), command, orderId);
      if (command.kind === 'deliver' && Date.parse(command.startedAt) < new Date(order.requestedAt).getTime())
        // The service level is measured from the request: a start before it is a typing error.
        throw new DomainError('invalid', 'request.invalid', 'startedAt is before the order was requested', [
          { field: 'startedAt', message: 'not before the order’s requestedAt' },
        ]);
      const { next, event } = transition(factsOf(order), command);
      const set = {
        ...next,
        ...(event.type === 'order.declined'
          ? { declinedContracts: [...order.declinedContracts, event.payload.contractId] }
          : {}),
        ...(event.type === 'order.delivered'
          ? { deliveredMonth: localDay(new Date(event.payload.endedAt), this.config.TIME_ZONE).slice(0, 7) }
          : {}),
      };
      const envelope = createEvent({
        ...event,
        source: 'purchased-services',
        subject: orderId,
        orgUnit: order.communityPath,
        correlationId,
      });
      const events = [envelope, ...walletDebit(event, envelope)];
      const stored = await this.orders.update(order, set, events);
      if (!stored) continue;
      // The order's write is the fact; the contract follows it. A crash between the two leaves the
      // contract one step behind: each step is keyed by the order id and repeatable, and the
      // order's own event does it again (OrderFollowUpConsumer, ADR 0026).
      if (order.contractId !== null) {
        if (event.type === 'order.delivered')
          await this.money.consume(order.contractId, orderId, event.payload.priceFen);
        if (['order.declined', 'order.failed', 'order.cancelled'].includes(event.type))
          await this.money.release(order.contractId, orderId);
      }
      return event.type === 'order.declined' ? this.dispatch.execute(stored, correlationId, now) : stored;
    }
    throw new DomainError(
      'conflict',
      'order.changed-meanwhile',
      `order ${orderId} kept changing while this step was applied; read it and try again`,
    );
  }
}

/**
 * A delivery also publishes the catalogue's `service.delivered`, which residents already consume
 * to pay from the right wallet part (the rest is the elder's co-payment), keyed by order: in the
 * same write, so the wallet hears of exactly the deliveries the order records.
 */
function walletDebit(event: OrderEvent, envelope: EventEnvelope): EventEnvelope[] {
  if (event.type !== 'order.delivered') return [];
  const p = event.payload;
  return [
    createEvent({
      type: 'service.delivered',
      source: 'purchased-services',
      subject: p.orderId,
      orgUnit: envelope.orgUnit,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
      payload: {
        orderId: p.orderId,
        residentId: p.residentId,
        serviceType: p.serviceType,
        amountFen: p.priceFen,
        deliveredAt: p.endedAt,
        providerId: p.providerId,
        contractId: p.contractId,
      },
    }),
  ];
}

/** The provider's client for its own orders; staff (hotline included) for orders in their unit. */
function entitled(principal: Principal, order: Order | null, command: OrderCommand, orderId: string): Order {
  const ok =
    order !== null &&
    (PROVIDER_COMMANDS.has(command.kind)
      ? principal.kind === 'organisation' && order.providerId === principal.organisationId
      : STAFF_COMMANDS.has(command.kind) &&
        principal.kind === 'staff' &&
        orgUnitCovers(principal.orgUnit, order.communityPath));
  if (!ok) throw new DomainError('not-found', 'order.not-found', `no order ${orderId}`);
  return order;
}

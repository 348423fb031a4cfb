import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, MessagingRuntime, type HandlerContext } from '#anlao/messaging';
import { ContractMoney } from './contract-money.js';
import { OrderRepository } from './order.repository.js';
import { RedispatchOrdersUseCase } from './redispatch-orders.usecase.js';

/** Finishes each order step's contract money from the order's own events (ADR 0026). */
export const CONTRACT_BUDGET_GROUP = 'purchased-services.contract-budget';
/** Sends waiting orders to a contract that has just appeared or changed. */
export const REDISPATCH_GROUP = 'purchased-services.redispatch';

/**
 * The order's write is the fact and carries its event; the contract's money follows in a second
 * write. The request path does that second write at once; this consumer does it again from the
 * event, so a process that died between the two writes is finished by the next one. Each budget
 * step is keyed by the order id: a step already done is a no-op (one read, no write).
 */
@Controller()
export class OrderFollowUpConsumer {
  constructor(
    private readonly money: ContractMoney,
    private readonly orders: OrderRepository,
    private readonly redispatch: RedispatchOrdersUseCase,
    private readonly runtime: MessagingRuntime,
  ) {}

  @EventPattern<EventType>('order.delivered', inGroup(CONTRACT_BUDGET_GROUP))
  async delivered(@Payload() event: EventEnvelope<'order.delivered'>): Promise<void> {
    const p = event.payload;
    await this.money.consume(p.contractId, p.orderId, p.priceFen);
  }

  @EventPattern<EventType>('order.declined', inGroup(CONTRACT_BUDGET_GROUP))
  async declined(@Payload() event: EventEnvelope<'order.declined'>): Promise<void> {
    // A declining contract never gets the same order again (declinedContracts): the release is its.
    await this.money.release(event.payload.contractId, event.payload.orderId);
  }

  @EventPattern<EventType>('order.failed', inGroup(CONTRACT_BUDGET_GROUP))
  async failed(@Payload() event: EventEnvelope<'order.failed'>): Promise<void> {
    await this.releaseHeld(event.payload.orderId);
  }

  @EventPattern<EventType>('order.cancelled', inGroup(CONTRACT_BUDGET_GROUP))
  async cancelled(@Payload() event: EventEnvelope<'order.cancelled'>): Promise<void> {
    await this.releaseHeld(event.payload.orderId);
  }

  @EventPattern<EventType>('contract.signed', inGroup(REDISPATCH_GROUP))
  async signed(
    @Payload() event: EventEnvelope<'contract.signed'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.waitingOrders(event, ctx);
  }

  @EventPattern<EventType>('contract.amended', inGroup(REDISPATCH_GROUP))
  async amended(
    @Payload() event: EventEnvelope<'contract.amended'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.waitingOrders(event, ctx);
  }

  /** Failed and cancelled orders keep the contract they held; a terminal state never holds it again. */
  private async releaseHeld(orderId: string): Promise<void> {
    const order = await this.orders.findById(orderId);
    if (order?.contractId) await this.money.release(order.contractId, orderId);
  }

  private async waitingOrders(
    event: EventEnvelope<'contract.signed'> | EventEnvelope<'contract.amended'>,
    { logger }: HandlerContext,
  ): Promise<void> {
    const types = event.payload.services.map((s) => s.serviceType);
    const result = await this.redispatch.execute(types, event.correlationId);
    if (result.examined > 0) logger.info(result, 'waiting orders sent again after a contract change');
    if (result.dispatched > 0) this.runtime.notifyRelays();
  }
}

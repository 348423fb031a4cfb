import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, MessagingRuntime, type HandlerContext } from '#anlao/messaging';
import { RecordPaymentUseCase } from './record-payment.usecase.js';

export const ORDER_PAYMENTS_GROUP = 'purchased-services.order-payments';

/** The residents' wallet answers to `service.delivered` close the payment saga on the order (ADR 0026). */
@Controller()
export class OrderPaymentsConsumer {
  constructor(
    private readonly payments: RecordPaymentUseCase,
    private readonly runtime: MessagingRuntime,
  ) {}

  @EventPattern<EventType>('wallet.debited', inGroup(ORDER_PAYMENTS_GROUP))
  async walletDebited(
    @Payload() event: EventEnvelope<'wallet.debited'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    this.report(await this.payments.execute(event), ctx);
  }

  @EventPattern<EventType>('wallet.debit-rejected', inGroup(ORDER_PAYMENTS_GROUP))
  async walletDebitRejected(
    @Payload() event: EventEnvelope<'wallet.debit-rejected'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    this.report(await this.payments.execute(event), ctx);
  }

  private report(outcome: string, { logger }: HandlerContext): void {
    if (outcome === 'unknown-order' || outcome === 'not-delivered')
      logger.warn({ outcome }, 'a wallet answer names no delivered order here; left alone');
    else logger.info({ outcome }, 'wallet answer recorded on the order');
    this.runtime.notifyRelays();
  }
}

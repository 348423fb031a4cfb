import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, MessagingRuntime, type HandlerContext } from '#anlao/messaging';
import { WalletsUseCase } from './wallets.usecase.js';

export const WALLET_DEBITS_GROUP = 'residents.wallet-debits';

/** Settles every delivered purchased service against the resident's wallet. */
@Controller()
export class WalletDebitsConsumer {
  constructor(
    private readonly wallets: WalletsUseCase,
    private readonly runtime: MessagingRuntime,
  ) {}

  // One at a time: a debit reads the balance it changes (one writer per wallet).
  @EventPattern<EventType>('service.delivered', inGroup(WALLET_DEBITS_GROUP))
  async serviceDelivered(
    @Payload() event: EventEnvelope<'service.delivered'>,
    @Ctx() { logger }: HandlerContext,
  ): Promise<void> {
    const outcome = await this.wallets.debit(event);
    logger.info({ outcome }, 'service delivery settled against the wallet');
    this.runtime.notifyRelays();
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { MessagingRuntime } from '#anlao/messaging';
import { CONFIG, localDay, LOGGER, type ServiceConfig } from '#anlao/platform';
import { OrgUnit } from './org-units/org-unit.schema.js';
import { RegistryUseCase } from './residents/registry.usecase.js';
import { Resident } from './residents/resident.schema.js';
import { RESIDENTS_CONFIG, type ResidentsConfig } from './residents.config.js';
import { DebitRejection, Wallet } from './wallets/wallet.schema.js';
import { WalletsUseCase } from './wallets/wallets.usecase.js';

export const WALLET_DEBITS_GROUP = 'residents.wallet-debits';

/** The residents service's outbox relay, its wallet-debit consumer and its daily eligibility job. */
@Injectable()
export class ResidentsMessaging implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly wallets: WalletsUseCase,
    private readonly registry: RegistryUseCase,
    @InjectModel(Resident.name) private readonly residents: Model<Resident>,
    @InjectModel(OrgUnit.name) private readonly units: Model<OrgUnit>,
    @InjectModel(Wallet.name) private readonly walletModel: Model<Wallet>,
    @InjectModel(DebitRejection.name) private readonly rejections: Model<DebitRejection>,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(RESIDENTS_CONFIG) private readonly residentsConfig: ResidentsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.runtime.startRelay([this.units, this.residents, this.walletModel, this.rejections]);
    await this.runtime.startConsumer({
      groupId: WALLET_DEBITS_GROUP,
      topics: [Topics.purchasedServices],
      handlers: {
        'service.delivered': async (event, { logger }) => {
          const outcome = await this.wallets.debit(event);
          logger.info({ outcome }, 'service delivery settled against the wallet');
          this.runtime.notifyRelays();
        },
      },
    });
    if (this.residentsConfig.ELIGIBILITY_DAILY_JOB === 'on') this.scheduleDaily(true);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** Runs at start (catching up today) and a minute after each local midnight. */
  private scheduleDaily(now: boolean): void {
    const run = async () => {
      const today = localDay(new Date(), this.config.TIME_ZONE);
      try {
        const result = await this.registry.reassessOn(today, `daily-eligibility-${today}`);
        this.logger.info({ day: today, ...result }, 'daily eligibility assessment done');
        this.runtime.notifyRelays();
      } catch (error) {
        this.logger.error(
          { err: error },
          'daily eligibility assessment failed; it runs again tomorrow or on demand',
        );
      }
      this.scheduleDaily(false);
    };
    if (now) {
      this.timer = setTimeout(() => void run(), 1000);
      return;
    }
    const nowMs = Date.now();
    const today = localDay(new Date(nowMs), this.config.TIME_ZONE);
    let next = nowMs + 60_000;
    while (localDay(new Date(next), this.config.TIME_ZONE) === today) next += 15 * 60_000;
    this.timer = setTimeout(() => void run(), next - nowMs + 60_000);
  }
}

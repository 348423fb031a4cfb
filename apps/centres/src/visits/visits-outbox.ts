import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { BatchOutbox, MessagingRuntime, type BatchIntent, type OutboxRelay } from '#anlao/messaging';
import { LOGGER } from '#anlao/platform';
import { Centre } from '../centres/centre.schema.js';
import { CENTRES_CONFIG, type CentresConfig } from '../centres.config.js';
import { Visit } from './visit.schema.js';
import { VISIT_BATCH } from './visit-batch.schema.js';

/** How often, at most, intents left unsealed by a dead request are looked for. */
const RECOVERY_EVERY_MS = 10_000;
/** How long a check-out or void waits for its visit's recording to be published first. */
const ORDER_WAIT_MS = 5_000;

/**
 * The relays that publish what centres and visits hold: per-document outboxes (centres, and the
 * check-outs and voids of stored visits) and the per-request intents of new visits (ADR 0024),
 * deleted once published. Also recovers the intents of requests that died before sealing them.
 */
@Injectable()
export class VisitsOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private relays: OutboxRelay[] = [];
  private recovery: NodeJS.Timeout | undefined;
  readonly batches: BatchOutbox;

  constructor(
    private readonly runtime: MessagingRuntime,
    @InjectModel(Centre.name) private readonly centres: Model<Centre>,
    @InjectModel(Visit.name) private readonly visits: Model<Visit>,
    @InjectModel(VISIT_BATCH) private readonly intents: Model<BatchIntent>,
    @Inject(CENTRES_CONFIG) private readonly settings: CentresConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.batches = new BatchOutbox(intents, async (id) => {
      const visit = await visits.findById(id, { batchId: 1 }).lean<{ batchId?: string | null }>().exec();
      return visit?.batchId ?? null;
    });
  }

  onApplicationBootstrap(): void {
    this.relays = [
      this.runtime.startRelay([this.centres, this.visits]),
      this.runtime.startRelay([this.intents], { deleteWhenPublished: true }),
    ];
    // Twice per age limit, so an intent is recovered at most 1.5 limits after its request died.
    const every = Math.min(RECOVERY_EVERY_MS, this.settings.VISIT_BATCH_RECOVERY_SECONDS * 500);
    this.recovery = setInterval(() => void this.recover(), every);
    this.recovery.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.recovery);
  }

  notify(): void {
    for (const relay of this.relays) relay.notify();
  }

  /**
   * A visit's later event (check-out, void) must not reach Kafka before its `visit.recorded`: waits
   * while the visit's intent is unpublished. False if it still is after a few seconds.
   */
  async recordingPublished(batchId: string | null | undefined): Promise<boolean> {
    if (!batchId) return true;
    const deadline = Date.now() + ORDER_WAIT_MS;
    while (await this.batches.isPending(batchId)) {
      if (Date.now() >= deadline) return false;
      this.notify();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  private async recover(): Promise<void> {
    try {
      const sealed = await this.batches.recoverStale(this.settings.VISIT_BATCH_RECOVERY_SECONDS * 1_000);
      if (sealed > 0) {
        this.logger.warn({ intents: sealed }, 'sealed visit intents left open by a request that died');
        this.notify();
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'visit intent recovery failed; will try again');
    }
  }
}

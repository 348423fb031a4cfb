import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { topicName, Topics } from '#anlao/events';
import {
  CatchUpTracker,
  KAFKA,
  KAFKA_SETTINGS,
  MessagingRuntime,
  topicOffsets,
  type KafkaSettings,
} from '#anlao/messaging';
import { CONFIG, DomainError, LOGGER, ReadinessRegistry, type ServiceConfig } from '#anlao/platform';

/**
 * The lowest credential version still valid, per subject. A token whose `ver` is
 * below it is refused: revocation, rotation and sign-out take effect at once,
 * without waiting for the token to expire.
 */
@Injectable()
export class RevocationList {
  private readonly minVersions = new Map<string, number>();
  private current = false;

  apply(subject: string, minVersion: number): void {
    if ((this.minVersions.get(subject) ?? 0) < minVersion) this.minVersions.set(subject, minVersion);
  }

  isRevoked(subject: string, version: number): boolean {
    return version < (this.minVersions.get(subject) ?? 0);
  }

  /** True once the identity topic has been read up to the end offsets seen at start. */
  isCurrent(): boolean {
    return this.current;
  }

  markCurrent(): void {
    this.current = true;
  }

  /** Until the list is current, no credential can be trusted: a revoked one may still look valid. */
  assertCurrent(): void {
    if (!this.current) {
      throw new DomainError(
        'unavailable',
        'auth.revocations-catching-up',
        'this service is still reading revocations; retry in a moment',
      );
    }
  }
}

/** How long start-up waits for the identity topic before it serves (not ready, 503) anyway. */
const CATCH_UP_WAIT_MS = 60_000;

/**
 * Feeds the list from `credentials.revoked`. Each process reads the whole identity
 * topic with a group of its own and, before the application starts listening,
 * waits until it has read every partition up to the end offsets it saw at start:
 * a restarted process never accepts a token revoked while it was down.
 * Applying a maximum is idempotent, so no inbox is needed.
 */
@Injectable()
export class RevocationConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly list: RevocationList,
    private readonly readiness: ReadinessRegistry,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topic = topicName(Topics.identity, this.settings.topicPrefix);
    const tracker = new CatchUpTracker(await this.endOffsets(topic));
    this.readiness.register({
      key: 'revocations',
      check: () => Promise.resolve(this.list.isCurrent() ? { current: true } : false),
    });
    const caughtUp = new Promise<void>((resolve) => {
      const settle = () => {
        this.list.markCurrent();
        resolve();
      };
      tracker.onCaughtUp(settle);
    });
    await this.runtime.startConsumer({
      groupId: `${this.config.SERVICE}.revocations.${randomUUID()}`,
      topics: [Topics.identity],
      inbox: false,
      onResolved: (_topic, partition, offset) => tracker.resolved(partition, offset),
      handlers: {
        'credentials.revoked': (event) => {
          this.list.apply(event.payload.subjectId, event.payload.minVersion);
          return Promise.resolve();
        },
      },
    });
    const waited = await Promise.race([
      caughtUp.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CATCH_UP_WAIT_MS).unref()),
    ]);
    if (!waited) {
      this.logger.warn('revocations not read to the end yet; authenticated requests get 503 until they are');
    }
  }

  private async endOffsets(topic: string): Promise<Map<number, { low: bigint; high: bigint }>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await topicOffsets(admin, topic);
      return new Map(offsets.map((o) => [o.partition, { low: o.low, high: o.high }]));
    } finally {
      await admin.disconnect();
    }
  }
}

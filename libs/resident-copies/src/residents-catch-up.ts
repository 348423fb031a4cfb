import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { topicName, Topics } from '#anlao/events';
import { CatchUpTracker, KAFKA, KAFKA_SETTINGS, topicOffsets, type KafkaSettings } from '#anlao/messaging';
import { ReadinessRegistry } from '#anlao/platform';

/**
 * Readiness of the residents read model: "catching up" until the read model's group
 * has committed, on every partition of the residents topic, the end offset seen when
 * this process started (ADR 0021). It asks the broker for the group's committed
 * offsets when readiness is asked, so it needs no hook in the consumer and counts
 * messages the group does not handle (wallet, eligibility events) as read too.
 * Once caught up it stays so: later lag is the normal, short, propagation delay.
 */
/** Injection token: the consumer group of this service's residents read model. */
export const RESIDENTS_READ_MODEL_GROUP = Symbol('anlao.residents-read-model-group');

@Injectable()
export class ResidentsCatchUp implements OnApplicationBootstrap, OnApplicationShutdown {
  private tracker: CatchUpTracker | null = null;
  private admin: Admin | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(RESIDENTS_READ_MODEL_GROUP) private readonly groupId: string,
    private readonly readiness: ReadinessRegistry,
  ) {}

  private get topic(): string {
    return topicName(Topics.residents, this.settings.topicPrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const offsets = await topicOffsets(this.admin, this.topic);
    this.tracker = new CatchUpTracker(
      new Map(offsets.map((o) => [o.partition, { low: o.low, high: o.high }])),
    );
    this.readiness.register({ key: 'residentsReadModel', check: () => this.check() });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  isCaughtUp(): boolean {
    return this.tracker?.isCaughtUp() ?? false;
  }

  private async check(): Promise<Record<string, unknown>> {
    const tracker = this.tracker;
    if (!tracker || !this.admin) throw new Error('catching up: not started');
    if (!tracker.isCaughtUp()) {
      const [committed] = await this.admin.fetchOffsets({
        groupId: `${this.settings.topicPrefix}${this.groupId}`,
        topics: [this.topic],
      });
      // A committed offset is the next one to read: the last one read is one before it.
      for (const { partition, offset } of committed?.partitions ?? [])
        if (BigInt(offset) > 0n) tracker.resolved(partition, String(BigInt(offset) - 1n));
    }
    if (!tracker.isCaughtUp())
      throw new Error('catching up: residents events not yet read to the end seen at start');
    return { caughtUp: true };
  }
}

import type { OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { topicName, type TopicName } from '#anlao/events';
import { topicOffsets, type KafkaSettings } from './kafka.js';

/** How often the group's committed offsets are asked for while waiting. */
const POLL_MS = 100;

/**
 * Waits until one of this service's consumer groups has read a topic up to the end it has
 * now: "everything published before this moment is in my read model". Used where a user acts
 * on something they just created in another service (a centre registered, then its API client
 * issued), so the answer does not depend on how far the read model happened to lag.
 */
export class GroupProgress implements OnApplicationShutdown {
  private admin: Admin | null = null;
  private connecting: Promise<Admin> | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: KafkaSettings,
  ) {}

  /** True once the group has committed, on every partition, the end offset seen at the call; false on timeout. */
  async caughtUp(group: string, topic: TopicName, timeoutMs: number): Promise<boolean> {
    const admin = await this.connected();
    const name = topicName(topic, this.settings.topicPrefix);
    // An empty partition (high <= low) has nothing to wait for.
    const ends = new Map(
      (await topicOffsets(admin, name)).flatMap((o) =>
        o.high > o.low ? [[o.partition, o.high] as const] : [],
      ),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [committed] = await admin.fetchOffsets({
        groupId: `${this.settings.topicPrefix}${group}`,
        topics: [name],
      });
      const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      // A committed offset is the next one to read; -1 means nothing committed yet.
      if ([...ends].every(([partition, high]) => (done.get(partition) ?? -1n) >= high)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    this.connecting ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
      return admin;
    })().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }
}

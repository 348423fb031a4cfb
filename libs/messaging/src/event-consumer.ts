import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Collection } from 'mongodb';
import type { Logger } from 'pino';
import { decodeEvent, topicName, Topics, type AnyEvent, type EventType, type TopicName } from '#anlao/events';
import type { EventProducer } from './event-producer.js';
import { toDeadLetter } from './dead-letter.js';

export interface HandlerContext {
  logger: Logger;
  topic: string;
  partition: number;
  offset: string;
}

export type EventHandlers = {
  [T in EventType]?: (event: Extract<AnyEvent, { type: T }>, ctx: HandlerContext) => Promise<void>;
};

export interface ConsumerOptions {
  groupId: string;
  topics: TopicName[];
  handlers: EventHandlers;
  /** Attempts of one message before it goes to the dead-letter topic. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /**
   * `false` for handlers that are idempotent by nature (e.g. keep a maximum) and
   * whose group is per process: no inbox entries pile up for throw-away groups.
   */
  inbox?: boolean;
  /** Called once a message's offset is resolved (handled, skipped or dead-lettered): progress tracking. */
  onResolved?: (topic: string, partition: number, offset: string) => void;
}

interface InboxEntry {
  _id: string;
  processedAt: Date;
}

export interface ConsumerStatus {
  groupId: string;
  joined: boolean;
  crashed: string | null;
  processed: number;
  deadLettered: number;
}

/**
 * Batch consumer with an exactly-once effect on top of at-least-once delivery:
 * every event id is checked against an inbox before its handler runs and written
 * there after; a message that keeps failing goes to the dead-letter topic with its
 * error, and the consumer moves on. It owns retries itself because a throwing
 * handler in Nest's Kafka transport blocks its partition for good.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly state: ConsumerStatus;

  constructor(
    kafka: Kafka,
    private readonly producer: EventProducer,
    private readonly inbox: Collection<InboxEntry>,
    private readonly topicPrefix: string,
    private readonly logger: Logger,
    private readonly options: ConsumerOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.consumer = kafka.consumer({
      groupId: `${topicPrefix}${options.groupId}`,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
    });
    this.state = { groupId: options.groupId, joined: false, crashed: null, processed: 0, deadLettered: 0 };
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.state.joined = true;
      this.state.crashed = null;
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.state.crashed = e.payload.error.message;
      this.state.joined = false;
    });
    this.consumer.on(this.consumer.events.STOP, () => (this.state.joined = false));
  }

  status(): ConsumerStatus {
    return { ...this.state };
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics.map((t) => topicName(t, this.topicPrefix)),
      // A new group reads the whole history: that is how a projection is rebuilt.
      fromBeginning: true,
    });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: true,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private inboxKey(eventId: string): string {
    return `${this.options.groupId}:${eventId}`;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    const decoded = batch.messages.map((message) => {
      try {
        return { message, event: decodeEvent(message.value), error: null };
      } catch (error) {
        return { message, event: null, error };
      }
    });
    // One inbox look-up per batch, not per message.
    const keys =
      this.options.inbox === false
        ? []
        : decoded.flatMap((d) => (d.event ? [this.inboxKey(d.event.id)] : []));
    const seen = new Set(
      keys.length === 0
        ? []
        : (
            await this.inbox
              .find({ _id: { $in: keys } }, { projection: { _id: 1 }, batchSize: keys.length + 1 })
              .toArray()
          ).map((d) => d._id),
    );

    for (const { message, event, error } of decoded) {
      if (!payload.isRunning() || payload.isStale()) break;
      const where = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      if (!event) {
        // A message that is not a valid event never will be: no retries.
        await this.deadLetter(message, batch.topic, batch.partition, 1, error);
      } else if (!seen.has(this.inboxKey(event.id))) {
        await this.process(event, message, where, heartbeat);
        seen.add(this.inboxKey(event.id));
      }
      payload.resolveOffset(message.offset);
      this.options.onResolved?.(batch.topic, batch.partition, message.offset);
      await heartbeat();
    }
    await payload.commitOffsetsIfNecessary();
  }

  private async process(
    event: AnyEvent,
    message: KafkaMessage,
    where: { topic: string; partition: number; offset: string },
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const handler = this.options.handlers[event.type] as
      ((e: AnyEvent, ctx: HandlerContext) => Promise<void>) | undefined;
    const logger = this.logger.child({
      correlationId: event.correlationId,
      eventId: event.id,
      eventType: event.type,
      groupId: this.options.groupId,
    });
    if (!handler) return; // Not every consumer cares about every event of a topic.
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(event, { logger, ...where });
        if (this.options.inbox !== false) {
          await this.inbox
            .insertOne({ _id: this.inboxKey(event.id), processedAt: new Date() })
            .catch((e: unknown) => {
              if (!isDuplicateKey(e)) throw e;
            });
        }
        this.state.processed++;
        logger.debug('event handled');
        return;
      } catch (error) {
        if (attempt >= this.maxAttempts) {
          logger.warn(
            { err: errorSummary(error), attempts: attempt },
            'event failed; sending it to dead letters',
          );
          await this.deadLetter(message, where.topic, where.partition, attempt, error);
          return;
        }
        logger.info({ err: errorSummary(error), attempt }, 'event failed; retrying');
        await heartbeat();
        await sleep(this.retryDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  private async deadLetter(
    message: KafkaMessage,
    topic: string,
    partition: number,
    attempts: number,
    error: unknown,
  ): Promise<void> {
    const letter = toDeadLetter(
      message,
      { groupId: this.options.groupId, topic, partition, attempts },
      error,
    );
    await this.producer.sendRaw(topicName(Topics.deadLetters, this.topicPrefix), [
      {
        key: letter.deadLetterId,
        value: JSON.stringify(letter),
        headers: { 'dead-letter-group': letter.groupId },
      },
    ]);
    this.state.deadLettered++;
    this.logger.warn(
      {
        deadLetterId: letter.deadLetterId,
        topic,
        partition,
        offset: message.offset,
        error: letter.error.message,
      },
      'message dead-lettered',
    );
  }
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

function errorSummary(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Collection } from 'mongodb';
import type { Logger } from 'pino';
import { decodeEvent, topicName, Topics, type AnyEvent } from '#anlao/events';
import type { ConsumerOptions, ConsumerStatus, HandlerContext } from './consumer-types.js';
import type { EventProducer } from './event-producer.js';
import { toDeadLetter } from './dead-letter.js';
import { errorSummary } from './error-class.js';
import { Inbox, type InboxEntry } from './inbox.js';
import {
  batchAlive,
  describeError,
  untilAvailable,
  waitInBatch,
  type OutageReporter,
  type OutagePolicy,
} from './batch-waits.js';

type Where = { topic: string; partition: number; offset: string };

/**
 * Batch consumer with an exactly-once effect on top of at-least-once delivery:
 * every event id is checked against an inbox before its handler runs and written
 * there after. Failures are classified (`classifyError`): while the store or the
 * broker is away the partition waits, with heartbeats and a capped exponential
 * back-off, for as long as it takes; an event that fails for a reason of its own
 * gets a few attempts, then goes to the dead-letter topic with its error, and the
 * consumer moves on. It owns retries itself because a throwing handler in Nest's
 * Kafka transport blocks its partition for good.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly inbox: Inbox;
  private readonly maxAttempts: number;
  private readonly policy: OutagePolicy;
  private readonly state: ConsumerStatus;
  private readonly outage: OutageReporter;

  constructor(
    kafka: Kafka,
    private readonly producer: EventProducer,
    inbox: Collection<InboxEntry>,
    private readonly topicPrefix: string,
    private readonly logger: Logger,
    private readonly options: ConsumerOptions,
  ) {
    this.inbox = new Inbox(inbox);
    this.maxAttempts = options.maxAttempts ?? 3;
    this.policy = { baseDelayMs: options.retryDelayMs ?? 200, maxDelayMs: options.maxRetryDelayMs ?? 10_000 };
    this.consumer = kafka.consumer({
      groupId: `${topicPrefix}${options.groupId}`,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
    });
    this.state = {
      groupId: options.groupId,
      joined: false,
      crashed: null,
      health: 'healthy',
      failingSince: null,
      lastError: null,
      processed: 0,
      deadLettered: 0,
      infrastructureRetries: 0,
    };
    this.outage = this.outageReporter();
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

  private outageReporter(): OutageReporter {
    return {
      failing: (error, attempt, delayMs) => {
        this.state.infrastructureRetries++;
        this.state.lastError = describeError(error);
        if (this.state.health === 'healthy') {
          this.state.health = 'degraded';
          this.state.failingSince = new Date().toISOString();
        }
        // Every failure at first, then every tenth: an outage of hours must not flood the log.
        if (attempt <= 3 || attempt % 10 === 0)
          this.logger.warn(
            { err: errorSummary(error), attempt, retryInMs: delayMs },
            'store or broker unavailable; partition waits',
          );
      },
      recovered: () => {
        if (this.state.health === 'healthy') return;
        this.logger.info({ failingSince: this.state.failingSince }, 'store and broker reachable again');
        this.state.health = 'healthy';
        this.state.failingSince = null;
      },
    };
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const decoded = batch.messages.map((message) => {
      try {
        return { message, event: decodeEvent(message.value), error: null };
      } catch (error) {
        return { message, event: null, error };
      }
    });
    const keys =
      this.options.inbox === false
        ? []
        : decoded.flatMap((d) => (d.event ? [this.inboxKey(d.event.id)] : []));
    const lookup = await untilAvailable(payload, () => this.inbox.seen(keys), this.policy, this.outage);
    if (!lookup.done) return;
    const seen = lookup.value;

    for (const { message, event, error } of decoded) {
      if (!batchAlive(payload)) break;
      const where: Where = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      if (!event) {
        // A message that is not a valid event never will be: no retries.
        const sent = await this.deadLetterWhenPossible(payload, message, where, 1, error);
        if (!sent) break;
      } else if (!seen.has(this.inboxKey(event.id))) {
        // Unresolved offsets are delivered again to whoever owns the partition next.
        if (!(await this.process(payload, event, message, where))) break;
        seen.add(this.inboxKey(event.id));
      }
      payload.resolveOffset(message.offset);
      this.options.onResolved?.(batch.topic, batch.partition, message.offset);
      await payload.heartbeat();
    }
    await payload.commitOffsetsIfNecessary();
  }

  /** `false` when the batch was taken away before the event was resolved. */
  private async process(
    payload: EachBatchPayload,
    event: AnyEvent,
    message: KafkaMessage,
    where: Where,
  ): Promise<boolean> {
    const handler = this.options.handlers[event.type] as
      ((e: AnyEvent, ctx: HandlerContext) => Promise<void>) | undefined;
    if (!handler) return true; // Not every consumer cares about every event of a topic.
    const logger = this.logger.child({
      correlationId: event.correlationId,
      eventId: event.id,
      eventType: event.type,
      groupId: this.options.groupId,
    });
    const apply = async () => {
      await handler(event, { logger, ...where });
      if (this.options.inbox !== false) await this.inbox.record(this.inboxKey(event.id));
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await untilAvailable(payload, apply, this.policy, this.outage);
        if (!outcome.done) return false;
        this.state.processed++;
        logger.debug('event handled');
        return true;
      } catch (error) {
        if (attempt >= this.maxAttempts) {
          logger.warn(
            { err: errorSummary(error), attempts: attempt },
            'event failed; sending it to dead letters',
          );
          return this.deadLetterWhenPossible(payload, message, where, attempt, error);
        }
        logger.info({ err: errorSummary(error), attempt }, 'event failed; retrying');
        if (!(await waitInBatch(payload, this.policy.baseDelayMs * 2 ** (attempt - 1)))) return false;
      }
    }
  }

  /** Dead letters go to the broker: while it is away, the partition waits like any other outage. */
  private async deadLetterWhenPossible(
    payload: EachBatchPayload,
    message: KafkaMessage,
    where: Where,
    attempts: number,
    error: unknown,
  ): Promise<boolean> {
    const letter = toDeadLetter(message, { groupId: this.options.groupId, ...where, attempts }, error);
    const sent = await untilAvailable(
      payload,
      () =>
        this.producer.sendRaw(topicName(Topics.deadLetters, this.topicPrefix), [
          {
            key: letter.deadLetterId,
            value: JSON.stringify(letter),
            headers: { 'dead-letter-group': letter.groupId },
          },
        ]),
      this.policy,
      this.outage,
    );
    if (!sent.done) return false;
    this.state.deadLettered++;
    this.logger.warn(
      { deadLetterId: letter.deadLetterId, ...where, error: letter.error.message },
      'message dead-lettered',
    );
    return true;
  }
}

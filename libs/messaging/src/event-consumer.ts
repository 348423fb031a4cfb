import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Collection } from 'mongodb';
import type { Logger } from 'pino';
import { topicName, type AnyEvent } from '#anlao/events';
import type { ConsumerOptions, ConsumerStatus, HandlerContext } from './consumer-types.js';
import type { EventProducer } from './event-producer.js';
import { sendDeadLetter, toDeadLetter } from './dead-letter.js';
import { errorSummary } from './error-class.js';
import { Inbox, type InboxEntry } from './inbox.js';
import { decodeMessage, RunBuffer, type Decoded, type Run, type Where } from './consumer-runs.js';
import {
  batchAlive,
  consumerOutageReporter,
  untilAvailable,
  waitInBatch,
  type OutageReporter,
  type OutagePolicy,
} from './batch-waits.js';

const FETCH_MIN_BYTES = 16_384;
const FETCH_MAX_WAIT_MS = 100;

type SingleHandler = (event: AnyEvent, ctx: HandlerContext) => Promise<void>;
type BatchHandler = (events: AnyEvent[], ctx: HandlerContext) => Promise<void>;

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
      // Under load, let a fetch gather a few dozen events (or wait at most 100 ms) so batch
      // handlers fold real runs instead of one or two events each.
      minBytes: FETCH_MIN_BYTES,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
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
    this.outage = consumerOutageReporter(this.state, this.logger);
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

  /** What a handler is told beside the event's place: its group, and how to keep the session alive. */
  private handlerExtras(payload: EachBatchPayload): Pick<HandlerContext, 'groupId' | 'heartbeat'> {
    return {
      groupId: this.options.groupId,
      // A failed heartbeat (a rebalance under way) is for the batch loop to notice, not the handler.
      heartbeat: () => payload.heartbeat().catch(() => undefined),
    };
  }

  private inboxKey(eventId: string): string {
    return `${this.options.groupId}:${eventId}`;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const decoded = payload.batch.messages.map(decodeMessage);
    const keys =
      this.options.inbox === false
        ? []
        : decoded.flatMap((d) => (d.event ? [this.inboxKey(d.event.id)] : []));
    const lookup = await untilAvailable(payload, () => this.inbox.seen(keys), this.policy, this.outage);
    if (!lookup.done) return;
    const seen = lookup.value;
    const names = this.options.runNames ?? {};
    const runs = new RunBuffer(
      (run) => this.applyRun(payload, run),
      (type) => names[type] ?? type,
    );
    let alive = true;
    for (const item of decoded) {
      if (!batchAlive(payload) || !(await this.step(payload, item, seen, runs))) {
        alive = false;
        break;
      }
    }
    if (alive) await runs.flush();
    await payload.commitOffsetsIfNecessary();
  }

  /**
   * One message of a batch, in order. Consecutive unseen events of a batch-handled
   * type wait in `runs` and are applied together; anything else first applies the
   * waiting run, so offsets are resolved in order. `false`: stop, the batch is gone.
   */
  private async step(
    payload: EachBatchPayload,
    { message, event, error }: Decoded,
    seen: Set<string>,
    runs: RunBuffer,
  ): Promise<boolean> {
    const where: Where = {
      topic: payload.batch.topic,
      partition: payload.batch.partition,
      offset: message.offset,
    };
    const key = event ? this.inboxKey(event.id) : '';
    if (event && !seen.has(key) && this.options.batchHandlers?.[event.type]) {
      seen.add(key); // a second copy in this batch is skipped
      return runs.add({ message, event, where, apply: true });
    }
    if (runs.open && event && !this.handles(event.type)) {
      // Nothing to do for it, but it must not be resolved before the run that precedes it.
      runs.append({ message, event, where, apply: false });
      return true;
    }
    if (!(await runs.flush())) return false;
    if (!event) {
      // A message that is not a valid event never will be: no retries.
      if (!(await this.deadLetterWhenPossible(payload, message, where, 1, error))) return false;
    } else if (!seen.has(key)) {
      // Unresolved offsets are delivered again to whoever owns the partition next.
      const handler = this.options.handlers[event.type] as SingleHandler | undefined;
      if (!(await this.process(payload, event, message, where, handler))) return false;
      seen.add(key);
    }
    this.resolve(where.topic, where.partition, where.offset, payload);
    await payload.heartbeat();
    return true;
  }

  private handles(type: AnyEvent['type']): boolean {
    return Boolean(this.options.handlers[type] ?? this.options.batchHandlers?.[type]);
  }

  private resolve(topic: string, partition: number, offset: string, payload: EachBatchPayload): void {
    payload.resolveOffset(offset);
    this.options.onResolved?.(topic, partition, offset);
  }

  /**
   * One handler call and one inbox write for the whole run. If the handler fails for a
   * reason of its own, the run is applied again one event at a time, so only the poison
   * event is retried and dead-lettered. `false` when the batch was taken away meanwhile.
   */
  private async applyRun(payload: EachBatchPayload, run: Run): Promise<boolean> {
    const handler = this.options.batchHandlers?.[run.type] as BatchHandler;
    const applied = run.items.filter((i) => i.apply);
    const last = applied[applied.length - 1]!;
    const events = applied.map((i) => i.event);
    const logger = this.logger.child({ eventType: run.type, groupId: this.options.groupId });
    const apply = async () => {
      await handler(events, { logger, ...last.where, ...this.handlerExtras(payload) });
      if (this.options.inbox !== false) await this.inbox.recordMany(events.map((e) => this.inboxKey(e.id)));
    };
    try {
      const outcome = await untilAvailable(payload, apply, this.policy, this.outage);
      if (!outcome.done) return false;
      this.state.processed += events.length;
    } catch (error) {
      logger.info(
        { err: errorSummary(error), events: events.length },
        'batch failed; applying its events one by one',
      );
      const one: SingleHandler = (event, ctx) => handler([event], ctx);
      for (const item of run.items) {
        if (item.apply && !(await this.process(payload, item.event, item.message, item.where, one)))
          return false;
        this.resolve(item.where.topic, item.where.partition, item.where.offset, payload);
      }
      return true;
    }
    for (const item of run.items)
      this.resolve(item.where.topic, item.where.partition, item.where.offset, payload);
    await payload.heartbeat();
    return true;
  }

  /** `false` when the batch was taken away before the event was resolved. */
  private async process(
    payload: EachBatchPayload,
    event: AnyEvent,
    message: KafkaMessage,
    where: Where,
    handler: SingleHandler | undefined,
  ): Promise<boolean> {
    if (!handler) return true; // Not every consumer cares about every event of a topic.
    const logger = this.logger.child({
      correlationId: event.correlationId,
      eventId: event.id,
      eventType: event.type,
      groupId: this.options.groupId,
    });
    const apply = async () => {
      await handler(event, { logger, ...where, ...this.handlerExtras(payload) });
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
    const send = () => sendDeadLetter(this.producer, this.topicPrefix, letter);
    const sent = await untilAvailable(payload, send, this.policy, this.outage);
    if (!sent.done) return false;
    this.state.deadLettered++;
    this.logger.warn(
      { deadLetterId: letter.deadLetterId, ...where, error: letter.error.message },
      'message dead-lettered',
    );
    return true;
  }
}

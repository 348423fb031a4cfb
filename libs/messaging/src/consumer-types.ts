import type { Logger } from 'pino';
import type { AnyEvent, EventType, TopicName } from '#anlao/events';

export interface HandlerContext {
  logger: Logger;
  topic: string;
  partition: number;
  offset: string;
  /**
   * The consumer group that called the handler (`ConsumerOptions.groupId`, without the test prefix):
   * a handler served under several group ids (analytics' generations, ADR 0030) tells them apart by it.
   * Always set by `EventConsumer`; optional for contexts built by hand.
   */
  groupId?: string;
  /**
   * Keeps the consumer in its group during a long handler call (a run of thousands of events, as a
   * replay from the beginning brings): call it between steps. Cheap (sent at most once per heartbeat
   * interval) and never throws. Set by `EventConsumer`; optional for contexts built by hand.
   */
  heartbeat?: () => Promise<void>;
}

export type EventHandlers = {
  [T in EventType]?: (event: Extract<AnyEvent, { type: T }>, ctx: HandlerContext) => Promise<void>;
};

/**
 * A handler given every not-yet-applied event of one type from a run of
 * consecutive messages of one partition, in order: a projection folds them
 * into one write per key it touches. It must be idempotent per event id: when
 * it fails for a reason of its own, the run is applied again one event at a time
 * to find the poison one (which then goes to dead letters alone).
 */
export type BatchEventHandlers = {
  [T in EventType]?: (events: Extract<AnyEvent, { type: T }>[], ctx: HandlerContext) => Promise<void>;
};

export interface ConsumerOptions {
  groupId: string;
  topics: TopicName[];
  handlers: EventHandlers;
  /** Event types applied a run at a time (a type is in `handlers` or here, not both). */
  batchHandlers?: BatchEventHandlers;
  /**
   * Batch-handled types that share a run name are gathered into one run however they alternate
   * (say a resident's registration, then assessment, then visits), and the run goes to the handler of
   * its first event: their handlers must take any of them (one projector behind them all).
   */
  runNames?: Partial<Record<EventType, string>>;
  /** Attempts of a message failing for a poison reason before it goes to the dead-letter topic. */
  maxAttempts?: number;
  /** First back-off, doubled per attempt (poison retries and infrastructure outages alike). */
  retryDelayMs?: number;
  /** Ceiling of the back-off while the store or broker is away (attempts are unlimited then). */
  maxRetryDelayMs?: number;
  /**
   * `false` for handlers that are idempotent by nature (e.g. keep a maximum) and
   * whose group is per process: no inbox entries pile up for throw-away groups.
   */
  inbox?: boolean;
  /** Called once a message's offset is resolved (handled, skipped or dead-lettered): progress tracking. */
  onResolved?: (topic: string, partition: number, offset: string) => void;
}

export interface ConsumerStatus {
  groupId: string;
  joined: boolean;
  crashed: string | null;
  /** `degraded` while an infrastructure failure holds a partition: events wait, none is dead-lettered. */
  health: 'healthy' | 'degraded';
  /** Since when it has been degraded (ISO instant), and the last infrastructure error seen. */
  failingSince: string | null;
  lastError: string | null;
  processed: number;
  deadLettered: number;
  /** Infrastructure failures retried since start. */
  infrastructureRetries: number;
}

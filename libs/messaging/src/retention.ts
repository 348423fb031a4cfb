import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { topicName, Topics, type TopicName } from '#anlao/events';
import {
  CONFIG,
  DAY_MS,
  DayBucketPruner,
  RETENTION_STATE_COLLECTION,
  RetentionConfigSchema,
  RetentionJobs,
  type RetentionConfig,
  type RetentionState,
  type RetentionTask,
  type ServiceConfig,
} from '#anlao/platform';

/** The collection of applied event ids in each consuming service's own database (`_id = group:eventId`). */
export const INBOX_COLLECTION = 'inbox';

/**
 * The inbox's pruning task: entries are kept `INBOX_RETENTION_DAYS` whole days
 * after the event was applied, then deleted by their day bucket (`day`, written
 * with every entry), never by a scan. The look-up by `_id` is untouched.
 */
export function inboxRetentionTask(
  inbox: Collection<Document>,
  state: Collection<RetentionState>,
  retentionDays: number,
): RetentionTask {
  const pruner = new DayBucketPruner(
    { task: 'inbox', collection: inbox, dayField: 'day', timeField: 'processedAt', retentionDays },
    state,
  );
  let indexed = false;
  return {
    name: 'inbox',
    run: async (now, signal) => {
      if (!indexed) {
        await pruner.ensureIndex();
        indexed = true;
      }
      return pruner.run(now, signal);
    },
  };
}

/** Registers the inbox's pruning with the service's retention job (every service with messaging has one). */
@Injectable()
export class InboxRetention implements OnModuleInit {
  constructor(
    private readonly jobs: RetentionJobs,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(getConnectionToken()) private readonly connection: Connection,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      inboxRetentionTask(
        this.connection.collection(INBOX_COLLECTION),
        this.connection.collection<RetentionState>(RETENTION_STATE_COLLECTION),
        this.config.INBOX_RETENTION_DAYS,
      ),
    );
  }
}

/** `retention.ms` per kind of topic, from the service's config; `-1` keeps a topic for ever. */
export type TopicRetention = Record<'events' | 'identity' | 'audit' | 'deadLetters', number>;

const daysMs = (days: number | null): number => (days === null ? -1 : days * DAY_MS);

export function topicRetentionOf(
  config: Pick<
    RetentionConfig,
    | 'KAFKA_EVENTS_RETENTION_DAYS'
    | 'KAFKA_IDENTITY_RETENTION_DAYS'
    | 'KAFKA_AUDIT_RETENTION_DAYS'
    | 'KAFKA_DEAD_LETTER_RETENTION_DAYS'
  >,
): TopicRetention {
  return {
    events: daysMs(config.KAFKA_EVENTS_RETENTION_DAYS),
    identity: daysMs(config.KAFKA_IDENTITY_RETENTION_DAYS),
    audit: daysMs(config.KAFKA_AUDIT_RETENTION_DAYS),
    deadLetters: daysMs(config.KAFKA_DEAD_LETTER_RETENTION_DAYS),
  };
}

/** The platform's defaults (the config's), for callers that build Kafka settings by hand. */
export const DEFAULT_TOPIC_RETENTION: TopicRetention = topicRetentionOf(RetentionConfigSchema.parse({}));

/** The `retention.ms` a topic is created (or aligned) with. */
export function retentionMsOf(topic: TopicName, retention: TopicRetention): number {
  switch (topic) {
    case Topics.deadLetters:
      return retention.deadLetters;
    case Topics.audit:
      return retention.audit;
    case Topics.identity:
      return retention.identity;
    default:
      return retention.events;
  }
}

/** Full topic name (with the namespace prefix) → its `retention.ms`, for every topic of `topics`. */
export function wantedRetention(
  topics: readonly TopicName[],
  prefix: string,
  retention: TopicRetention,
): Map<string, string> {
  return new Map(topics.map((t) => [topicName(t, prefix), String(retentionMsOf(t, retention))]));
}

import kafkajs, { Kafka, logLevel, type Admin, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import { Topics, type TopicName } from '#anlao/events';
import { classifyError } from './error-class.js';
import { DEFAULT_TOPIC_RETENTION, wantedRetention, type TopicRetention } from './retention.js';

// Node's ES-module loader finds only some of kafkajs's CommonJS exports by name; these it misses.
const { ConfigResourceTypes, ConfigSource } = kafkajs;

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  topicPrefix: string;
  partitions: number;
  replicationFactor: number;
  /** `retention.ms` per kind of topic (ADR 0020); the platform's defaults when left out. */
  retention?: TopicRetention;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own logs go to pino, without message contents. */
export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, error, broker, groupId, topic } = log as Record<string, unknown>;
        kafkaLogger[LEVELS[level] ?? 'info']({ error, broker, groupId, topic }, String(message));
      },
  });
}

/**
 * Creates the topics a service touches, each with the explicit `retention.ms`
 * of its kind, and waits for their leaders: on KRaft a consumer that subscribes
 * to a missing topic fails instead of waiting. A topic that exists with another
 * retention is aligned: the service's config is where retention is decided.
 */
export async function ensureTopics(
  kafka: Kafka,
  settings: KafkaSettings,
  topics: TopicName[],
): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    // Every service writes its audit trail and dead letters, whatever else it touches.
    const retention = wantedRetention(
      [...new Set([...topics, Topics.deadLetters, Topics.audit])],
      settings.topicPrefix,
      settings.retention ?? DEFAULT_TOPIC_RETENTION,
    );
    const wanted = [...retention.keys()];
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      // Waiting for leaders, kafkajs asks for metadata that may name a topic created a moment ago as
      // unknown: asked again, briefly (a topic that exists by then is not created twice).
      await briefly(() =>
        admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: settings.partitions,
            replicationFactor: settings.replicationFactor,
            configEntries: [
              { name: 'retention.ms', value: retention.get(topic) ?? '-1' },
              ...(settings.replicationFactor > 1
                ? [{ name: 'min.insync.replicas', value: String(settings.replicationFactor - 1) }]
                : []),
            ],
          })),
        }),
      );
    }
    // Topics created by an older version, by hand or by another service meanwhile: aligned. A topic
    // another service created a moment ago may not be known to every broker yet: asked again, briefly.
    await briefly(() => alignRetention(admin, retention));
    // Right after a create (ours or another service's), a broker may not know the topic yet.
    await briefly(() => admin.fetchTopicMetadata({ topics: wanted }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Sets `retention.ms` on existing topics where it differs. kafkajs only has the
 * non-incremental AlterConfigs, which resets every topic setting it is not
 * given: the topic's other own settings are read and passed back unchanged.
 */
async function alignRetention(admin: Admin, wanted: Map<string, string>): Promise<void> {
  if (wanted.size === 0) return;
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [...wanted.keys()].map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const changes = resources.flatMap((resource) => {
    const value = wanted.get(resource.resourceName);
    const own = resource.configEntries.filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG);
    const current = own.find((e) => e.configName === 'retention.ms')?.configValue;
    if (value === undefined || current === value) return [];
    return [
      {
        type: ConfigResourceTypes.TOPIC,
        name: resource.resourceName,
        configEntries: [
          ...own
            .filter((e) => e.configName !== 'retention.ms' && !e.isSensitive)
            .map((e) => ({ name: e.configName, value: e.configValue })),
          { name: 'retention.ms', value },
        ],
      },
    ];
  });
  if (changes.length > 0) await admin.alterConfigs({ validateOnly: false, resources: changes });
}

export interface PartitionOffsets {
  partition: number;
  low: bigint;
  high: bigint;
}

/**
 * A topic's low and high offsets per partition. Just after a topic is created (or a
 * broker restarts) a partition may have no leader yet: that answer is retried, briefly.
 */
export async function topicOffsets(admin: Admin, topic: string, attempts = 20): Promise<PartitionOffsets[]> {
  const offsets = await briefly(() => admin.fetchTopicOffsets(topic), attempts);
  return offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }));
}

/** Runs an admin request again while the broker answers with a transient error (no leader, unknown topic yet). */
async function briefly<T>(request: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= attempts || classifyError(error) !== 'infrastructure') throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1_000)));
    }
  }
}

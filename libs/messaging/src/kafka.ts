import { Kafka, logLevel, type Admin, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import { topicName, Topics, type TopicName } from '#anlao/events';

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  topicPrefix: string;
  partitions: number;
  replicationFactor: number;
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
 * Creates the topics a service touches and waits for their leaders: on KRaft a
 * consumer that subscribes to a missing topic fails instead of waiting.
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
    const wanted = [...new Set([...topics, Topics.deadLetters, Topics.audit])].map((t) =>
      topicName(t, settings.topicPrefix),
    );
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: settings.replicationFactor,
          configEntries:
            settings.replicationFactor > 1
              ? [{ name: 'min.insync.replicas', value: String(settings.replicationFactor - 1) }]
              : [],
        })),
      });
    }
    await admin.fetchTopicMetadata({ topics: wanted });
  } finally {
    await admin.disconnect();
  }
}

import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { createKafka, EventProducer, topicOffsets } from '#anlao/messaging';
import { loadConfig, type ServiceConfig } from '#anlao/platform';
import { TEST_KEYS } from './tokens.js';

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
export const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27117';

/**
 * One `CARD_DIGEST_KEY` per test process: residents and centres started in one test must
 * agree on it (a card swipe is looked up by the digest the card events carry, ADR 0021).
 */
export const TEST_CARD_DIGEST_KEY = randomBytes(32).toString('base64');

/** A fresh namespace per test file: its own topics and databases on the shared servers. */
export function uniqueNamespace(): { topicPrefix: string; dbPrefix: string } {
  const id = randomBytes(4).toString('hex');
  return { topicPrefix: `t${id}.`, dbPrefix: `t${id}-` };
}

export function testConfig(
  service: string,
  ns: { topicPrefix: string; dbPrefix: string },
  env: Record<string, string> = {},
  extraSchema?: Parameters<typeof loadConfig>[3],
): ServiceConfig {
  return loadConfig(
    service,
    0,
    {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      KAFKA_BROKERS,
      MONGO_URL,
      KAFKA_TOPIC_PREFIX: ns.topicPrefix,
      MONGO_DB_PREFIX: ns.dbPrefix,
      OUTBOX_POLL_MS: '100',
      KAFKA_PARTITIONS: '2',
      AUTH_PUBLIC_KEY: TEST_KEYS.publicKey,
      CARD_DIGEST_KEY: TEST_CARD_DIGEST_KEY,
      ...env,
    },
    extraSchema,
  );
}

export function testKafka(clientId = 'test'): Kafka {
  return new Kafka({ clientId, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
}

/** Drops every database of a namespace. */
export async function dropDatabases(dbPrefix: string): Promise<void> {
  const client = await MongoClient.connect(MONGO_URL);
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) if (name.startsWith(dbPrefix)) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

/** Every message of a topic from the beginning, read by a throw-away group until `done` holds or time runs out. */
export async function readTopic(
  topic: string,
  done: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 20_000,
): Promise<KafkaMessage[]> {
  const consumer = testKafka().consumer({ groupId: `reader-${randomBytes(6).toString('hex')}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: ({ message }) => {
          messages.push(message);
          if (done(messages)) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Polls until `check` returns a value that satisfies `ok`, or throws with the last value seen. */
export async function eventually<T>(
  check: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (ok(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A connected producer on a namespace's topics, for tests that put events on the bus themselves. */
export async function testProducer(
  ns: { topicPrefix: string },
  clientId = 'test-producer',
): Promise<EventProducer> {
  const logger = pino({ level: 'silent' });
  const settings = {
    clientId,
    brokers: KAFKA_BROKERS.split(','),
    topicPrefix: ns.topicPrefix,
    partitions: 2,
    replicationFactor: 1,
  };
  const producer = new EventProducer(createKafka(settings, logger), ns.topicPrefix, logger);
  await producer.connect();
  return producer;
}

/** Every message a topic holds now: read until each partition's end offset, not until some count. */
export async function readWholeTopic(topic: string, timeoutMs = 30_000): Promise<KafkaMessage[]> {
  const admin = testKafka().admin();
  await admin.connect();
  let total = 0;
  try {
    for (const p of await topicOffsets(admin, topic)) total += Number(p.high - p.low);
  } finally {
    await admin.disconnect();
  }
  const messages = await readTopic(topic, (m) => m.length >= total, timeoutMs);
  if (messages.length < total) throw new Error(`read ${messages.length} of ${total} messages of ${topic}`);
  return messages;
}

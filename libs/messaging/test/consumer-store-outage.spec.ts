import { MongoClient, type Db } from 'mongodb';
import { pino } from 'pino';
import { createEvent, topicName, Topics, type EventEnvelope } from '#anlao/events';
import {
  createKafka,
  ensureTopics,
  EventConsumer,
  EventProducer,
  isDuplicateKey,
  type ConsumerStatus,
  type KafkaSettings,
} from '#anlao/messaging';
import { eventually, KAFKA_BROKERS, sleep, uniqueNamespace } from '#anlao/testing';
import { sharedDocstoreCommand, startPrivateDocstore, type PrivateDocstore } from './private-docstore.js';

const TOTAL = 300;
const BEFORE_PAUSE = 100;
const PAUSE_MS = 20_000;

function visit(i: number): EventEnvelope<'visit.recorded'> {
  return createEvent({
    type: 'visit.recorded',
    source: 'outage-test',
    subject: `c-1:v-${i}`,
    orgUnit: '2101.210102',
    correlationId: `outage-${i}`,
    payload: {
      visitId: `v-${i}`,
      centreId: 'c-1',
      residentId: `r-${i}`,
      activity: 'meal',
      checkInAt: '2026-11-25T01:00:00.000Z',
      checkOutAt: null,
    },
  });
}

const shared = sharedDocstoreCommand();

/**
 * The document store freezes (SIGSTOP: the wire server stops answering, as in a
 * failover or a network partition) for 20 s while events keep arriving. Nothing
 * may be dead-lettered, readiness must say `degraded` meanwhile, and once the
 * store answers again every event's effect is there exactly once.
 */
(shared ? describe : describe.skip)('EventConsumer while the document store is away', () => {
  const ns = uniqueNamespace();
  const logger = pino({ level: 'silent' });
  const settings: KafkaSettings = {
    clientId: 'outage-test',
    brokers: KAFKA_BROKERS.split(','),
    topicPrefix: ns.topicPrefix,
    partitions: 2,
    replicationFactor: 1,
  };
  const kafka = createKafka(settings, logger);
  const producer = new EventProducer(kafka, ns.topicPrefix, logger);
  let store: PrivateDocstore;
  let client: MongoClient;
  let db: Db;
  let consumer: EventConsumer;
  let handlerRuns = 0;

  beforeAll(async () => {
    store = await startPrivateDocstore(shared as string[]);
    await ensureTopics(kafka, settings, [Topics.centres]);
    await producer.connect();
    // What a service sees of a frozen store depends on its timeouts: short ones turn a hang into errors.
    client = await MongoClient.connect(store.url, {
      retryWrites: false,
      serverSelectionTimeoutMS: 2_000,
      connectTimeoutMS: 2_000,
      socketTimeoutMS: 3_000,
      heartbeatFrequencyMS: 500,
    });
    db = client.db(`${ns.dbPrefix}outage`);
    consumer = new EventConsumer(kafka, producer, db.collection('inbox'), ns.topicPrefix, logger, {
      groupId: 'test.outage',
      topics: [Topics.centres],
      maxAttempts: 3,
      retryDelayMs: 50,
      maxRetryDelayMs: 1_000,
      handlers: {
        'visit.recorded': async (event) => {
          handlerRuns++;
          // The effect is keyed by the visit: a retry after a write that did land (its answer lost) is a no-op.
          await db
            .collection<{ _id: string; eventId: string }>('effects')
            .insertOne({ _id: event.payload.visitId, eventId: event.id })
            .catch((e: unknown) => {
              if (!isDuplicateKey(e)) throw e;
            });
        },
      },
    });
    await consumer.start();
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await producer.disconnect();
    await client
      ?.db(`${ns.dbPrefix}outage`)
      .dropDatabase()
      .catch(() => undefined);
    await client?.close();
    await store?.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topicName(Topics.centres, ns.topicPrefix)] }).catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

  it('waits through a 20 s store freeze under load: 0 dead letters, every event applied once', async () => {
    const events = Array.from({ length: TOTAL }, (_, i) => visit(i));
    await producer.publish(events.slice(0, BEFORE_PAUSE));
    await eventually(
      () => Promise.resolve(consumer.status().processed),
      (n) => n >= BEFORE_PAUSE / 2,
      30_000,
    );

    const during: ConsumerStatus[] = [];
    store.pause();
    try {
      // Load keeps arriving while the store is frozen (the broker is fine).
      for (let i = BEFORE_PAUSE; i < TOTAL; i += 25) await producer.publish(events.slice(i, i + 25));
      const until = Date.now() + PAUSE_MS;
      while (Date.now() < until) {
        during.push(consumer.status());
        await sleep(250);
      }
    } finally {
      store.resume();
    }

    expect(during.some((s) => s.health === 'degraded' && s.lastError !== null)).toBe(true);
    const effects = db.collection('effects');
    await eventually(
      () => effects.countDocuments({}),
      (n) => n === TOTAL,
      60_000,
    );
    await eventually(
      () => Promise.resolve(consumer.status()),
      (s) => s.processed >= TOTAL && s.health === 'healthy',
      30_000,
    );

    const status = consumer.status();
    expect(status).toMatchObject({ deadLettered: 0, health: 'healthy', failingSince: null });
    expect(status.infrastructureRetries).toBeGreaterThan(0);
    expect(await db.collection('inbox').countDocuments({})).toBe(TOTAL);
    const applied = await effects.find({}).toArray();
    expect(new Set(applied.map((d) => d._id)).size).toBe(TOTAL);
    expect(new Set(applied.map((d) => (d as { eventId?: string }).eventId)).size).toBe(TOTAL);
    expect(await deadLetterCount()).toBe(0);
    expect(handlerRuns).toBeGreaterThanOrEqual(TOTAL);
  }, 180_000);

  async function deadLetterCount(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topicName(Topics.deadLetters, ns.topicPrefix));
      return offsets.reduce((sum, o) => sum + Number(BigInt(o.high) - BigInt(o.low)), 0);
    } finally {
      await admin.disconnect();
    }
  }
});

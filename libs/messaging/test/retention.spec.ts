import { MongoClient, type Collection, type Db } from 'mongodb';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { pino } from 'pino';
import { createEvent, topicName, Topics, type EventEnvelope } from '#anlao/events';
import {
  DEFAULT_TOPIC_RETENTION,
  EventConsumer,
  EventProducer,
  ensureTopics,
  inboxEntry,
  inboxRetentionTask,
  type InboxEntry,
  type KafkaSettings,
} from '#anlao/messaging';
import {
  DAY_MS,
  NEVER_STOP,
  PRUNE_PAGE,
  RETENTION_STATE_COLLECTION,
  retentionCutoff,
  shiftDay,
  utcDay,
  type RetentionState,
} from '#anlao/platform';
import { dropDatabases, eventually, MONGO_URL, testKafka, uniqueNamespace } from '#anlao/testing';

const logger = pino({ level: 'silent' });
const GROUP = 'test.retention';

function visitEvent(visitId: string): EventEnvelope<'visit.recorded'> {
  return createEvent({
    type: 'visit.recorded',
    source: 'test',
    subject: `c-1:${visitId}`,
    orgUnit: '2101.210102',
    correlationId: `corr-${visitId}`,
    payload: {
      visitId,
      centreId: 'c-1',
      residentId: 'r-1',
      activity: 'meal',
      checkInAt: '2026-11-25T01:00:00.000Z',
      checkOutAt: null,
    },
  });
}

async function retentionMsOfTopics(kafka: Kafka, topics: string[]): Promise<Record<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
    });
    return Object.fromEntries(
      resources.flatMap((r) =>
        r.configEntries
          .filter((e) => e.configName === 'retention.ms' || e.configName === 'max.message.bytes')
          .map((e) => [`${r.resourceName} ${e.configName}`, e.configValue]),
      ),
    );
  } finally {
    await admin.disconnect();
  }
}

describe('retention of topics and of the consumer inbox, against the real broker and store', () => {
  const ns = uniqueNamespace();
  const settings: KafkaSettings = {
    clientId: 'retention-test',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
    topicPrefix: ns.topicPrefix,
    partitions: 1,
    replicationFactor: 1,
  };
  const name = (topic: Parameters<typeof topicName>[0]) => topicName(topic, ns.topicPrefix);
  let kafka: Kafka;
  let producer: EventProducer;
  let mongo: MongoClient;
  let db: Db;
  let inbox: Collection<InboxEntry>;
  let consumer: EventConsumer;
  const handled: string[] = [];

  beforeAll(async () => {
    kafka = testKafka('retention-test');
    await ensureTopics(kafka, settings, [Topics.centres]);
    producer = new EventProducer(kafka, ns.topicPrefix, logger);
    await producer.connect();
    mongo = await MongoClient.connect(MONGO_URL);
    db = mongo.db(`${ns.dbPrefix}retention`);
    inbox = db.collection<InboxEntry>('inbox');
    consumer = new EventConsumer(kafka, producer, inbox, ns.topicPrefix, logger, {
      groupId: GROUP,
      topics: [Topics.centres],
      handlers: {
        'visit.recorded': (event) => {
          handled.push(event.payload.visitId);
          return Promise.resolve();
        },
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await mongo?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('creates every topic with the retention of its kind: domain topics for ever, dead letters longest', async () => {
    const found = await retentionMsOfTopics(kafka, [
      name(Topics.centres),
      name(Topics.audit),
      name(Topics.deadLetters),
    ]);
    expect(found).toMatchObject({
      [`${name(Topics.centres)} retention.ms`]: '-1',
      [`${name(Topics.audit)} retention.ms`]: String(14 * DAY_MS),
      [`${name(Topics.deadLetters)} retention.ms`]: String(30 * DAY_MS),
    });
  });

  it('aligns the retention of a topic that exists with another, keeping its other settings', async () => {
    const identity = name(Topics.identity);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: identity,
            numPartitions: 1,
            configEntries: [
              { name: 'retention.ms', value: '3600000' },
              { name: 'max.message.bytes', value: '200000' },
            ],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
    await ensureTopics(kafka, settings, [Topics.identity]);
    expect(await retentionMsOfTopics(kafka, [identity])).toEqual({
      [`${identity} retention.ms`]: String(DEFAULT_TOPIC_RETENTION.identity),
      [`${identity} max.message.bytes`]: '200000',
    });
  });

  it('prunes inbox entries past retention by their day, keeps the others, and still dedupes those kept', async () => {
    const now = new Date();
    const first = visitEvent('kept-1');
    await producer.publish([first, visitEvent('kept-2'), visitEvent('kept-3')]);
    await eventually(
      () => Promise.resolve(handled.length),
      (n) => n >= 3,
    );
    // What the consumer wrote carries its day bucket.
    const written = await inbox.find({}).toArray();
    expect(written).toHaveLength(3);
    for (const entry of written) expect(entry.day).toBe(utcDay(entry.processedAt));

    // Expired entries on three days, more than one page on one of them, and two written before buckets existed.
    const old = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const expired = [
      ...Array.from({ length: PRUNE_PAGE + 20 }, (_, i) => inboxEntry(`${GROUP}:old-a${i}`, old(60))),
      ...Array.from({ length: 30 }, (_, i) => inboxEntry(`${GROUP}:old-b${i}`, old(59))),
      ...Array.from({ length: 5 }, (_, i) => inboxEntry(`${GROUP}:old-c${i}`, old(46))),
    ];
    await inbox.insertMany(expired);
    await db.collection('inbox').insertMany([
      { _id: `${GROUP}:legacy-old` as never, processedAt: old(90) },
      { _id: `${GROUP}:legacy-new` as never, processedAt: old(2) },
    ]);
    const kept = inboxEntry(`${GROUP}:day-45`, old(45));
    await inbox.insertOne(kept);

    const watched = watchBulks(db.collection('inbox'));
    const task = inboxRetentionTask(watched.collection, db.collection(RETENTION_STATE_COLLECTION), 45);
    const counts = await task.run(now, NEVER_STOP);
    expect(counts).toMatchObject({ deleted: expired.length + 1, bucketed: 1 });
    // Never more than 24 statements per bulk write.
    expect(Math.max(...watched.sizes)).toBeLessThanOrEqual(24);
    expect(watched.sizes.length).toBeGreaterThanOrEqual(Math.ceil(expired.length / 24));

    const left = await inbox.find({}, { sort: { _id: 1 } }).toArray();
    expect(left.map((e) => e._id).sort()).toEqual(
      [...written.map((e) => e._id), `${GROUP}:legacy-new`, kept._id].sort(),
    );
    expect(left.find((e) => e._id === `${GROUP}:legacy-new`)?.day).toBe(utcDay(old(2)));
    const state = await db.collection<RetentionState>(RETENTION_STATE_COLLECTION).findOne({ _id: 'inbox' });
    expect(state).toMatchObject({
      legacyBucketed: true,
      prunedThrough: shiftDay(utcDay(retentionCutoff(now, 45)), -1),
    });
    expect((await inbox.indexes()).map((i) => Object.keys(i.key as object).join())).toContain('day');

    // A kept entry still stops a redelivery: the event is not applied twice.
    await producer.publish([first, visitEvent('marker')]);
    await eventually(
      () => Promise.resolve([...handled]),
      (h) => h.includes('marker'),
    );
    expect(handled.filter((v) => v === 'kept-1')).toHaveLength(1);

    // The next pass has nothing left to do.
    expect(await task.run(now, NEVER_STOP)).toMatchObject({ deleted: 0, days: 0 });
    // 45 whole days later, what was kept is past retention too.
    const later = await task.run(new Date(now.getTime() + 47 * DAY_MS), NEVER_STOP);
    expect(later.deleted).toBe(left.length + 1);
    expect(await inbox.countDocuments({})).toBe(0);
  });

  it('stops between bulks when told to, and the next pass finishes the day', async () => {
    const now = new Date();
    const entries = Array.from({ length: 100 }, (_, i) =>
      inboxEntry(`${GROUP}:stop-${i}`, new Date(now.getTime() - 400 * DAY_MS)),
    );
    await inbox.insertMany(entries);
    const watched = watchBulks(db.collection('inbox'));
    const task = inboxRetentionTask(watched.collection, db.collection('retention_state_stop'), 45);
    const first = await task.run(now, { stopped: () => watched.sizes.length >= 2 });
    expect(first.deleted).toBe(48);
    expect(await inbox.countDocuments({})).toBe(entries.length - 48);
    const second = await task.run(now, NEVER_STOP);
    expect(second.deleted).toBe(entries.length - 48);
    expect(await inbox.countDocuments({})).toBe(0);
    expect(Math.max(...watched.sizes)).toBe(24);
  });
});

/** The real collection, with the size of every bulk write sent through it recorded. */
function watchBulks(collection: Collection): { collection: Collection; sizes: number[] } {
  const sizes: number[] = [];
  const watched = new Proxy(collection, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop !== 'bulkWrite') return (value as (...a: unknown[]) => unknown).bind(target);
      return (operations: unknown[], options: unknown) => {
        sizes.push(operations.length);
        return (value as (...a: unknown[]) => unknown).call(target, operations, options);
      };
    },
  });
  return { collection: watched, sizes };
}

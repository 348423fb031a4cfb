// The backbone benchmark's world: a throwaway namespace on the development
// Kafka and store, a visits-like aggregate collection with the platform's own
// outbox fields, the analytics-like inbox and projection, seeding, and a timer
// of store commands and Kafka publishes that says where the time goes.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mongoose, { Schema } from 'mongoose';
import { pino } from 'pino';
import { createEvent, Topics, topicName } from '#anlao/events';
import { addOutbox, createKafka, ensureTopics, EventProducer, withEvents } from '#anlao/messaging';
import { applySingleBatch } from '#anlao/platform';

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS || '127.0.0.1:19092';
export const MONGO_URL = process.env.MONGO_URL || 'mongodb://127.0.0.1:27117';
export const PARTITIONS = 3; // the platform's KAFKA_PARTITIONS default
export const CONSUMER_GROUP = 'bench.projection';
const SEED_BATCH = 1000;
const CENTRES = 40;
const ACTIVITIES = ['meal', 'rehabilitation', 'recreation', 'health-check', 'training', 'day-care'];

export const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });

/** Names of this run only: dropped at the end whatever happens. */
export function namespace() {
  const id = randomBytes(4).toString('hex');
  return { dbPrefix: `bench${id}-`, topicPrefix: `bench${id}.` };
}

/** Sums the duration of every store command per `collection.command`, and of anything else timed. */
export class OpTimer {
  #started = new Map();
  #buckets = new Map();

  watch(client) {
    client.on('commandStarted', (e) => {
      const coll = e.command[e.commandName];
      this.#started.set(e.requestId, `${typeof coll === 'string' ? coll : e.databaseName}.${e.commandName}`);
    });
    const done = (e) => {
      const key = this.#started.get(e.requestId);
      this.#started.delete(e.requestId);
      if (key) this.add(key, e.duration);
    };
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
  }

  add(key, ms, count = 1) {
    const b = this.#buckets.get(key) ?? { calls: 0, items: 0, ms: 0 };
    b.calls++;
    b.items += count;
    b.ms += ms;
    this.#buckets.set(key, b);
  }

  reset() {
    this.#buckets.clear();
  }

  /** Each bucket's calls, total ms and ms per call, largest first. */
  snapshot() {
    return Object.fromEntries(
      [...this.#buckets.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([k, b]) => [
          k,
          {
            calls: b.calls,
            items: b.items,
            totalMs: Math.round(b.ms),
            msPerCall: Math.round((b.ms / b.calls) * 100) / 100,
          },
        ]),
    );
  }
}

async function connect(dbName, timer) {
  // The options a service's own connection has (PlatformModule), plus command monitoring.
  const conn = mongoose.createConnection(MONGO_URL, {
    dbName,
    serverSelectionTimeoutMS: 10_000,
    writeConcern: { w: 'majority', j: true },
    retryWrites: false,
    monitorCommands: true,
  });
  applySingleBatch(conn);
  await conn.asPromise();
  timer.watch(conn.getClient());
  return conn;
}

const visitSchema = () => {
  const schema = new Schema(
    {
      _id: String,
      centreId: String,
      visitId: String,
      residentId: String,
      activity: String,
      checkInAt: Date,
      checkOutAt: { type: Date, default: null },
      fingerprint: String,
    },
    { collection: 'visits', versionKey: false },
  );
  addOutbox(schema);
  // The centres service's list index: one more GIN twin each insert maintains.
  schema.index({ centreId: 1, checkInAt: -1 });
  return schema;
};

/** The centres-like and analytics-like databases of a namespace, with their timers. */
export async function openStores(ns) {
  const timer = new OpTimer();
  const centres = await connect(`${ns.dbPrefix}centres`, timer);
  const analytics = await connect(`${ns.dbPrefix}analytics`, timer);
  const visits = centres.model('BenchVisit', visitSchema());
  await visits.init(); // creates the indexes before the load, as a service does at start-up
  await analytics.createCollection('inbox');
  await analytics.createCollection('daily');
  // The docstore's twin maintainer polls every 0.75 s: let it see the new tables before the load.
  await new Promise((r) => setTimeout(r, 2500));
  return {
    timer,
    visits,
    inbox: analytics.collection('inbox'),
    daily: analytics.collection('daily'),
    close: async () => {
      await centres.close();
      await analytics.close();
    },
    drop: async () => {
      await centres.dropDatabase();
      await analytics.dropDatabase();
    },
  };
}

/** One visit and its `visit.recorded` event, as RecordVisitsUseCase stores it. */
export function visitWithEvent(i, runTag, now = new Date()) {
  const centreId = `c-${i % CENTRES}`;
  const visitId = `${runTag}-${i}`;
  const _id = `${centreId}:${visitId}`;
  const checkInAt = new Date(now.getTime() - (i % 600) * 60_000);
  const activity = ACTIVITIES[i % ACTIVITIES.length];
  const residentId = `r-${String(i % 100_000).padStart(6, '0')}`;
  const event = createEvent({
    type: 'visit.recorded',
    source: 'centres',
    subject: _id,
    orgUnit: '2101.210102.210102001',
    correlationId: `bench-${runTag}`,
    payload: {
      visitId,
      centreId,
      residentId,
      activity,
      checkInAt: checkInAt.toISOString(),
      checkOutAt: null,
    },
  });
  return {
    _id,
    centreId,
    visitId,
    residentId,
    activity,
    checkInAt,
    checkOutAt: null,
    fingerprint: randomBytes(16).toString('hex'),
    ...withEvents([event]),
  };
}

/** The `_id` of the i-th seeded visit (see settledVisit). */
export const seededVisitId = (i) => `c-${i % CENTRES}:seed-${i}`;

/** A visit whose event was published long ago: what the collection mostly holds. */
function settledVisit(i) {
  const { pendingEvents: _events, ...doc } = visitWithEvent(i, 'seed', new Date(Date.UTC(2026, 0, 1)));
  return { ...doc, pendingEvents: [], hasPendingEvents: false };
}

/** Grows `collection` from `from` to `to` documents with insertMany in chunks; returns docs/s. */
export async function seed(collection, from, to, make) {
  const t0 = performance.now();
  for (let i = from; i < to; i += SEED_BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(to, i + SEED_BATCH); j++) batch.push(make(j));
    await collection.insertMany(batch, { ordered: false });
  }
  const secs = (performance.now() - t0) / 1000;
  return {
    docs: to - from,
    secs: Math.round(secs * 10) / 10,
    docsPerSec: to > from ? Math.round((to - from) / secs) : null,
  };
}

export const seedVisits = (stores, from, to) => seed(stores.visits.collection, from, to, settledVisit);
export const seedInbox = (stores, from, to) =>
  seed(stores.inbox, from, to, () => ({ _id: `${CONSUMER_GROUP}:${randomUUID()}`, processedAt: new Date() }));

const kafkaSettings = (topicPrefix) => ({
  clientId: 'bench-backbone',
  brokers: KAFKA_BROKERS.split(','),
  topicPrefix,
  partitions: PARTITIONS,
  replicationFactor: 1,
});

export const kafkaClient = () => createKafka(kafkaSettings(''), logger);

/** Kafka client, the platform's producer on a per-size topic prefix, and the topics. */
export async function openBroker(topicPrefix) {
  const settings = kafkaSettings(topicPrefix);
  const kafka = createKafka(settings, logger);
  await ensureTopics(kafka, settings, [Topics.centres]);
  const producer = new EventProducer(kafka, topicPrefix, logger);
  await producer.connect();
  return { kafka, producer, topic: topicName(Topics.centres, topicPrefix) };
}

/** Times every publish of `producer` (the relay's only way to Kafka) into `timer`. */
export function timePublishes(producer, timer) {
  const publish = producer.publish.bind(producer);
  producer.publish = async (events) => {
    const t = performance.now();
    try {
      return await publish(events);
    } finally {
      timer.add('kafka.publish', performance.now() - t, events.length);
    }
  };
}

/** Deletes the run's topics and consumer groups. */
export async function dropBrokerNamespace(kafka, prefix) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const { groups } = await admin.listGroups();
    const mine = groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (mine.length > 0) await admin.deleteGroups(mine).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

import mongoose, { Schema } from 'mongoose';
import { pino } from 'pino';
import { createEvent, topicName, Topics } from '#anlao/events';
import {
  addOutbox,
  createKafka,
  ensureTopics,
  EventProducer,
  OutboxRelay,
  pushEvents,
  withEvents,
} from '#anlao/messaging';
import { applySingleBatch } from '#anlao/platform';
import { dropDatabases, KAFKA_BROKERS, MONGO_URL, readTopic, uniqueNamespace } from '#anlao/testing';

/** The relay against the real store and broker, with more pending aggregates than one pass takes. */
describe('OutboxRelay', () => {
  const ns = uniqueNamespace();
  const logger = pino({ level: 'silent' });
  const settings = {
    clientId: 'relay-test',
    brokers: KAFKA_BROKERS.split(','),
    topicPrefix: ns.topicPrefix,
    partitions: 2,
    replicationFactor: 1,
  };
  const kafka = createKafka(settings, logger);
  const producer = new EventProducer(kafka, ns.topicPrefix, logger);
  const connection = applySingleBatch(
    mongoose.createConnection(MONGO_URL, { dbName: `${ns.dbPrefix}relay`, retryWrites: false }),
  );
  const Aggregate = connection.model('Aggregate', addOutbox(new Schema({ _id: String, n: Number })));

  const event = (i: number) =>
    createEvent({
      type: 'centre.registered',
      source: 'test',
      subject: `c-${i}`,
      orgUnit: '2101',
      correlationId: 'relay-test',
      payload: { centreId: `c-${i}`, kind: 'day-care', communityPath: '2101.1', capacity: i },
    });

  beforeAll(async () => {
    await ensureTopics(kafka, settings, [Topics.centres]);
    await producer.connect();
    await connection.asPromise();
  });

  afterAll(async () => {
    await producer.disconnect();
    await connection.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('publishes every pending event once and clears every outbox, past one pass and one write chunk', async () => {
    const count = 260;
    await Aggregate.insertMany(
      Array.from({ length: count }, (_, i) => ({ _id: `a-${i}`, n: i, ...withEvents([event(i)]) })),
    );
    // One aggregate gets a second event after its first: both go out, in order.
    await Aggregate.updateOne({ _id: 'a-0' }, pushEvents([event(1000)])).exec();

    const relay = new OutboxRelay([Aggregate], producer, logger, 60_000, 200);
    const stats = await relay.drain();
    expect(stats.published).toBe(count + 1);
    expect(await Aggregate.countDocuments({ hasPendingEvents: true })).toBe(0);
    expect(await Aggregate.countDocuments({ 'pendingEvents.0': { $exists: true } })).toBe(0);

    const messages = await readTopic(topicName(Topics.centres, ns.topicPrefix), (m) => m.length >= count + 1);
    const ids = messages.map((m) => m.headers?.['event-id']?.toString());
    expect(new Set(ids).size).toBe(count + 1);
    expect((await relay.drain()).published).toBe(0);
  });
});

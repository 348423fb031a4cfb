import { jest } from '@jest/globals';
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
  writeAggregate,
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
    const bulkWrite = jest.spyOn(Aggregate, 'bulkWrite');
    const stats = await relay.drain();
    const statements = bulkWrite.mock.calls.reduce((sum, [ops]) => sum + ops.length, 0);
    bulkWrite.mockRestore();
    expect(stats.published).toBe(count + 1);
    // One clearing statement per published document, none spent twice.
    expect(statements).toBe(count);
    expect(await Aggregate.countDocuments({ hasPendingEvents: true })).toBe(0);
    expect(await Aggregate.countDocuments({ 'pendingEvents.0': { $exists: true } })).toBe(0);

    const messages = await readTopic(topicName(Topics.centres, ns.topicPrefix), (m) => m.length >= count + 1);
    const ids = messages.map((m) => m.headers?.['event-id']?.toString());
    expect(new Set(ids).size).toBe(count + 1);
    expect((await relay.drain()).published).toBe(0);
  });

  it('keeps an event that arrived between its read and its clear, and publishes it next pass', async () => {
    await Aggregate.insertMany([
      { _id: 'race-1', n: 1, ...withEvents([event(2001)]) },
      { _id: 'race-2', n: 2, ...withEvents([event(2002)]) },
    ]);
    const late = event(2003);
    const realBulkWrite = Aggregate.bulkWrite.bind(Aggregate);
    let raced = false;
    // A writer appends to race-1's outbox after the relay read it and before it clears it.
    const spy = jest.spyOn(Aggregate, 'bulkWrite').mockImplementation(async (...args) => {
      if (!raced) {
        raced = true;
        await Aggregate.updateOne({ _id: 'race-1' }, pushEvents([late])).exec();
      }
      return realBulkWrite(...args);
    });
    const relay = new OutboxRelay([Aggregate], producer, logger, 60_000, 200);
    let published: number;
    try {
      // The late event is neither lost with the clear nor published twice: three in all.
      published = (await relay.drain()).published;
    } finally {
      spy.mockRestore();
    }
    expect(raced).toBe(true);
    expect(published).toBe(3);
    expect(
      await Aggregate.countDocuments({ _id: { $in: ['race-1', 'race-2'] }, hasPendingEvents: true }),
    ).toBe(0);
    const messages = await readTopic(topicName(Topics.centres, ns.topicPrefix), (m) =>
      m.some((x) => x.headers?.['event-id']?.toString() === late.id),
    );
    expect(messages.filter((m) => m.headers?.['event-id']?.toString() === late.id)).toHaveLength(1);
  });

  it('never undoes a state change written while it clears the same documents', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `busy-${i}`);
    await Aggregate.insertMany(ids.map((id, i) => ({ _id: id, n: 0, ...withEvents([event(3000 + i)]) })));
    const relay = new OutboxRelay([Aggregate], producer, logger, 60_000, 200);
    // Writers change every document five times while the relay publishes and clears them.
    const writers = ids.map(async (id) => {
      for (let k = 0; k < 5; k++)
        await writeAggregate(Aggregate, id, () =>
          Aggregate.updateOne({ _id: id }, { $inc: { n: 1 } }).exec(),
        );
    });
    await Promise.all([relay.drain(), ...writers]);
    await relay.drain();
    const docs = await Aggregate.find({ _id: { $in: ids } })
      .lean()
      .exec();
    expect(docs.map((d) => d.n)).toEqual(ids.map(() => 5));
    expect(docs.filter((d) => d.hasPendingEvents)).toHaveLength(0);
  });
});

import mongoose, { Schema } from 'mongoose';
import { pino } from 'pino';
import { createEvent, topicName, Topics, type EventEnvelope } from '#anlao/events';
import {
  addOutbox,
  createKafka,
  ensureTopics,
  EventProducer,
  OutboxRelay,
  QUARANTINE_COLLECTION,
  withEvents,
  type OutboxFields,
  type QuarantinedEvent,
} from '#anlao/messaging';
import { applySingleBatch } from '#anlao/platform';
import { dropDatabases, KAFKA_BROKERS, MONGO_URL, readTopic, uniqueNamespace } from '#anlao/testing';

interface Aggregate extends OutboxFields {
  _id: string;
}

/** One pending event the catalog refuses must cost only itself: quarantined, and the relay carries on. */
describe('OutboxRelay with an invalid pending event', () => {
  const ns = uniqueNamespace();
  const logger = pino({ level: 'silent' });
  const settings = {
    clientId: 'quarantine-test',
    brokers: KAFKA_BROKERS.split(','),
    topicPrefix: ns.topicPrefix,
    partitions: 1,
    replicationFactor: 1,
  };
  const kafka = createKafka(settings, logger);
  const producer = new EventProducer(kafka, ns.topicPrefix, logger);
  const connection = applySingleBatch(
    mongoose.createConnection(MONGO_URL, { dbName: `${ns.dbPrefix}quarantine`, retryWrites: false }),
  );
  const First = connection.model<Aggregate>('First', addOutbox(new Schema({ _id: String })));
  const Second = connection.model<Aggregate>('Second', addOutbox(new Schema({ _id: String })));

  const centre = (id: string, capacity: number) =>
    createEvent({
      type: 'centre.registered',
      source: 'test',
      subject: id,
      orgUnit: '2101',
      correlationId: 'quarantine-test',
      payload: { centreId: id, kind: 'day-care', communityPath: '2101.1', capacity },
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

  it('publishes every valid event of every model, quarantines the bad one and clears both outboxes', async () => {
    const secret = 'Zhang Wei, 13800000000';
    const bad = {
      ...centre('c-bad', 1),
      // Breaks the catalog: capacity must be a number; here it holds personal text.
      payload: { centreId: 'c-bad', kind: 'day-care', communityPath: '2101.1', capacity: secret },
    } as unknown as EventEnvelope;
    const validAfterBad = centre('c-bad', 2);
    const otherOfFirst = centre('c-other', 3);
    const ofSecond = centre('c-second', 4);
    await First.insertMany([
      { _id: 'a-mixed', ...withEvents([bad, validAfterBad]) },
      { _id: 'a-other', ...withEvents([otherOfFirst]) },
    ]);
    await Second.insertMany([{ _id: 'b-1', ...withEvents([ofSecond]) }]);

    const relay = new OutboxRelay([First, Second], producer, logger, 60_000, 200);
    expect(await relay.drain()).toEqual({ published: 3, quarantined: 1 });

    const messages = await readTopic(topicName(Topics.centres, ns.topicPrefix), (m) => m.length >= 3);
    const ids = messages.map((m) => m.headers?.['event-id']?.toString());
    expect(ids.sort()).toEqual([validAfterBad.id, otherOfFirst.id, ofSecond.id].sort());

    for (const model of [First, Second])
      expect(await model.countDocuments({ hasPendingEvents: true })).toBe(0);
    expect((await First.findById('a-mixed').lean().exec())?.pendingEvents).toEqual([]);

    const quarantined = await connection
      .collection<QuarantinedEvent>(QUARANTINE_COLLECTION)
      .find({})
      .toArray();
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({
      eventId: bad.id,
      eventType: 'centre.registered',
      collection: First.collection.collectionName,
      aggregateId: 'a-mixed',
      error: expect.stringContaining('capacity') as unknown,
    });
    // The reason names the field and the rule, never the value that was in it.
    expect(quarantined[0]?.error).not.toContain('Zhang');
    expect(relay.status()).toMatchObject({ quarantined: 1 });
    expect(relay.status().lastError).toBeUndefined();
    expect(await relay.drain()).toEqual({ published: 0, quarantined: 0 });
  });
});

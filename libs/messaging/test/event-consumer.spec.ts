import { MongoClient, type Db } from 'mongodb';
import type { Kafka } from 'kafkajs';
import { pino } from 'pino';
import { createEvent, encodeEvent, topicName, Topics, type EventEnvelope } from '#anlao/events';
import {
  EventConsumer,
  EventProducer,
  ensureTopics,
  listDeadLetters,
  replayDeadLetters,
  type KafkaSettings,
} from '#anlao/messaging';
import { dropDatabases, eventually, MONGO_URL, readTopic, testKafka, uniqueNamespace } from '#anlao/testing';

const logger = pino({ level: 'silent' });

function visitEvent(visitId: string, residentId = 'r-1'): EventEnvelope<'visit.recorded'> {
  return createEvent({
    type: 'visit.recorded',
    source: 'test',
    subject: `c-1:${visitId}`,
    orgUnit: '2101.210102',
    correlationId: `corr-${visitId}`,
    payload: {
      visitId,
      centreId: 'c-1',
      residentId,
      activity: 'meal',
      checkInAt: '2026-11-25T01:00:00.000Z',
      checkOutAt: null,
    },
  });
}

describe('EventConsumer against the real broker and store', () => {
  const ns = uniqueNamespace();
  const settings: KafkaSettings = {
    clientId: 'consumer-test',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
    topicPrefix: ns.topicPrefix,
    partitions: 1,
    replicationFactor: 1,
  };
  let kafka: Kafka;
  let producer: EventProducer;
  let mongo: MongoClient;
  let db: Db;
  let consumer: EventConsumer;
  /** Handled visits, in order; `poison` residents always fail until `cured`. */
  const handled: string[] = [];
  let cured = false;

  beforeAll(async () => {
    kafka = testKafka('consumer-test');
    await ensureTopics(kafka, settings, [Topics.centres]);
    producer = new EventProducer(kafka, ns.topicPrefix, logger);
    await producer.connect();
    mongo = await MongoClient.connect(MONGO_URL);
    db = mongo.db(`${ns.dbPrefix}consumer`);
    consumer = new EventConsumer(kafka, producer, db.collection('inbox'), ns.topicPrefix, logger, {
      groupId: 'test.visits',
      topics: [Topics.centres],
      maxAttempts: 3,
      retryDelayMs: 20,
      handlers: {
        'visit.recorded': (event) => {
          if (event.payload.residentId === 'poison' && !cured)
            return Promise.reject(new Error('cannot handle this one'));
          handled.push(event.payload.visitId);
          return Promise.resolve();
        },
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await producer.disconnect();
    await mongo.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('changes state once for an event delivered twice', async () => {
    const event = visitEvent('dup-1');
    await producer.publish([event]);
    await producer.publish([event]);
    await producer.publish([visitEvent('after-dup')]);
    await eventually(
      () => Promise.resolve([...handled]),
      (h) => h.includes('after-dup'),
    );
    expect(handled.filter((v) => v === 'dup-1')).toHaveLength(1);
    expect(await db.collection('inbox').countDocuments({ _id: `test.visits:${event.id}` as never })).toBe(1);
  });

  it('dead-letters a poison event and a non-event, then goes on with the next good one', async () => {
    const poison = visitEvent('poison-1', 'poison');
    await producer.publish([poison]);
    await producer.sendRaw(topicName(Topics.centres, ns.topicPrefix), [
      { key: 'junk', value: 'this is not an event' },
    ]);
    await producer.publish([visitEvent('good-after-poison')]);

    await eventually(
      () => Promise.resolve([...handled]),
      (h) => h.includes('good-after-poison'),
    );
    expect(handled).not.toContain('poison-1');

    const letters = await readTopic(topicName(Topics.deadLetters, ns.topicPrefix), (m) => m.length >= 2);
    const bodies = letters.map((m) => JSON.parse(m.value?.toString() ?? '{}') as Record<string, unknown>);
    const poisonLetter = bodies.find((b) => b.originalKey === poison.subject);
    expect(poisonLetter).toMatchObject({
      groupId: 'test.visits',
      attempts: 3,
      error: { name: 'Error', message: 'cannot handle this one' },
    });
    const junkLetter = bodies.find((b) => b.originalKey === 'junk');
    expect(junkLetter).toMatchObject({ attempts: 1, error: { name: 'InvalidEventError' } });
    expect(consumer.status().deadLettered).toBe(2);
  });

  it('lists dead letters and replays them once their cause is fixed', async () => {
    const letters = await listDeadLetters(kafka, ns.topicPrefix);
    expect(letters.map((l) => l.originalKey).sort()).toEqual(['c-1:poison-1', 'junk']);

    cured = true;
    const poisonOnly = letters.filter((l) => l.originalKey === 'c-1:poison-1');
    expect(await replayDeadLetters(producer, poisonOnly)).toEqual({ replayed: 1, skipped: 0 });
    await eventually(
      () => Promise.resolve([...handled]),
      (h) => h.includes('poison-1'),
    );
    // Replaying again changes nothing: the inbox now holds its id.
    await replayDeadLetters(producer, poisonOnly);
    await producer.publish([visitEvent('marker')]);
    await eventually(
      () => Promise.resolve([...handled]),
      (h) => h.includes('marker'),
    );
    expect(handled.filter((v) => v === 'poison-1')).toHaveLength(1);
  });

  it('refuses to publish an event that breaks its schema', async () => {
    const bad = { ...visitEvent('bad'), payload: { visitId: 'bad' } } as unknown as EventEnvelope;
    await expect(producer.publish([bad])).rejects.toThrow(/payload of "visit.recorded"/);
    expect(encodeEvent(visitEvent('x')).length).toBeGreaterThan(0);
  });
});

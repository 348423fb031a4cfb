import { MongoClient } from 'mongodb';
import { createEvent, topicName, Topics } from '#anlao/events';
import { centresService } from '../src/centres.module.js';
import {
  dropDatabases,
  eventually,
  MONGO_URL,
  readWholeTopic,
  startService,
  testConfig,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

/**
 * A request that died between storing its visits and sealing its outbox intent (ADR 0024): the
 * intent and the visits are written here as that request left them, and the running service
 * publishes exactly the visits stored under the intent — once — and removes the intent.
 */
describe('visit intents left open by a dead request', () => {
  const ns = uniqueNamespace();
  let centres: RunningService;
  let client: MongoClient;

  beforeAll(async () => {
    client = await MongoClient.connect(MONGO_URL);
    centres = await startService(
      centresService,
      testConfig('centres', ns, { VISIT_BATCH_RECOVERY_SECONDS: '1' }, centresService.extraConfig),
    );
  });

  afterAll(async () => {
    await centres?.close();
    await client?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('publishes the stored visits of an unsealed intent exactly once', async () => {
    const db = client.db(`${ns.dbPrefix}centres`);
    const recorded = (visitId: string) =>
      createEvent({
        type: 'visit.recorded',
        source: 'centres',
        subject: `c-dead:${visitId}`,
        orgUnit: '2101.210102',
        correlationId: 'dead-request',
        payload: {
          visitId,
          centreId: 'c-dead',
          residentId: 'r-1',
          activity: 'meal',
          checkInAt: new Date(Date.now() - 3_600_000).toISOString(),
          checkOutAt: null,
        },
      });
    const events = ['v-stored', 'v-never-inserted', 'v-someone-elses'].map(recorded);
    await db.collection<{ _id: string; [field: string]: unknown }>('visit_batches').insertOne({
      _id: 'c-dead:batch-1',
      sealed: false,
      openedAt: new Date(Date.now() - 5_000),
      candidates: events.map((event) => ({ docId: event.subject, event: JSON.stringify(event) })),
      pendingEvents: [],
      hasPendingEvents: false,
    });
    // The request stored one visit before it died; another visit id was taken by an earlier request.
    await db.collection<{ _id: string; [field: string]: unknown }>('visits').insertMany([
      { _id: 'c-dead:v-stored', centreId: 'c-dead', visitId: 'v-stored', batchId: 'c-dead:batch-1' },
      {
        _id: 'c-dead:v-someone-elses',
        centreId: 'c-dead',
        visitId: 'v-someone-elses',
        batchId: 'c-dead:batch-0',
      },
    ]);

    const topic = topicName(Topics.centres, ns.topicPrefix);
    const published = await eventually(
      async () => (await readWholeTopic(topic)).filter((m) => m.key?.toString().startsWith('c-dead:')),
      (m) => m.length > 0,
      30_000,
    );
    await eventually(
      () => db.collection('visit_batches').countDocuments({}),
      (n) => n === 0,
      30_000,
    );
    const again = (await readWholeTopic(topic)).filter((m) => m.key?.toString().startsWith('c-dead:'));
    expect(again).toHaveLength(1);
    expect(published.map((m) => m.key?.toString())).toEqual(['c-dead:v-stored']);
    expect(JSON.parse(again[0]?.value?.toString() ?? '{}')).toMatchObject({ id: events[0]?.id });
  });
});

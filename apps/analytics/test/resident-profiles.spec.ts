import { MongoClient } from 'mongodb';
import { createEvent, type EventEnvelope } from '#anlao/events';
import {
  dropDatabases,
  eventually,
  MONGO_URL,
  residentsEvents,
  startService,
  testConfig,
  testProducer,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { analyticsService } from '../src/analytics.module.js';

const PATH = '2101.210102.210102001.210102001001';

/** Analytics' residents view and served months, fed only by events, each applied once. */
describe('resident profiles and served months', () => {
  const ns = uniqueNamespace();
  const ev = residentsEvents(ns.topicPrefix);
  let service: RunningService;
  let client: MongoClient;
  const base = (source: string, subject: string) => ({
    source,
    subject,
    orgUnit: PATH,
    correlationId: 'profiles-test',
  });
  const publish = async (events: EventEnvelope[]) => {
    const producer = await testProducer(ns, 'analytics-profiles-test');
    try {
      await producer.publish(events);
    } finally {
      await producer.disconnect();
    }
  };
  const db = () => client.db(`${ns.dbPrefix}analytics`);

  beforeAll(async () => {
    service = await startService(analyticsService, testConfig('analytics', ns));
    client = await MongoClient.connect(MONGO_URL);
  });

  afterAll(async () => {
    await service?.close();
    await client?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('keeps each resident’s place, groups and eligibility spells from the residents events', async () => {
    const assessed = createEvent({
      ...base('residents', 'r-1'),
      type: 'eligibility.assessed',
      payload: {
        residentId: 'r-1',
        communityPath: PATH,
        categories: ['aged-80-plus'],
        previousCategories: [],
        ruleSetVersion: '2026-1',
        assessedOn: '2026-03-15',
        trigger: 'registered',
      },
    });
    // The assessment twice (a redelivery under another id changes nothing either).
    await publish([
      ev.registered('r-1', PATH),
      assessed,
      assessed,
      ev.registered('r-2', PATH),
      ev.died('r-2', PATH, '2026-06-01'),
    ]);
    const profiles = await eventually(
      () => db().collection('resident_profiles').find({}).sort({ _id: 1 }).toArray(),
      (all) =>
        all.length === 2 &&
        all[1]?.diedOn === '2026-06-01' &&
        (all[0]?.eligibility as unknown[]).length === 1,
    );
    expect(profiles[0]).toMatchObject({
      _id: 'r-1',
      communityPath: PATH,
      livingArrangement: 'alone',
      categories: ['aged-80-plus'],
      eligibility: [{ from: '2026-03-15', to: null }],
    });
  });

  it('marks each month a resident was served in once, by visit, delivery or attended session', async () => {
    const visit = (id: string, residentId: string, checkInAt: string) =>
      createEvent({
        ...base('centres', `c-1:${id}`),
        type: 'visit.recorded',
        payload: { visitId: id, centreId: 'c-1', residentId, activity: 'meal', checkInAt, checkOutAt: null },
      });
    await publish([
      visit('v1', 'r-1', '2026-11-03T01:00:00.000Z'),
      visit('v2', 'r-1', '2026-11-20T01:00:00.000Z'),
      // 23:30 on Oct 31 UTC is Nov 1 in Shanghai: a November service.
      visit('v3', 'r-2', '2026-10-31T23:30:00.000Z'),
      createEvent({
        ...base('purchased-services', 'o-1'),
        type: 'service.delivered',
        payload: {
          orderId: 'o-1',
          residentId: 'r-3',
          serviceType: 'meal-assistance',
          amountFen: 1500,
          deliveredAt: '2026-10-10T02:00:00.000Z',
          providerId: 'p-1',
          contractId: 'k-1',
        },
      }),
      createEvent({
        ...base('interventions', 'pg-1:1'),
        type: 'session.held',
        payload: {
          programmeId: 'pg-1',
          providerId: 'p-1',
          sessionNo: 1,
          heldOn: '2026-11-05',
          facilitatorWorkerId: 'w-1',
          attendeeIds: ['r-1', 'r-4'],
          enrolled: 3,
        },
      }),
    ]);
    const marks = await eventually(
      () =>
        db()
          .collection<{ _id: string; firstBy: string }>('served_months')
          .find({})
          .sort({ _id: 1 })
          .toArray(),
      (all) => all.length === 4,
    );
    // Topics are read side by side: r-1's first mark may come from the visit or the session.
    expect(marks.map((m) => m._id)).toEqual(['r-1:2026-11', 'r-2:2026-11', 'r-3:2026-10', 'r-4:2026-11']);
    expect(marks.slice(1).map((m) => m.firstBy)).toEqual(['visit', 'delivery', 'session']);
  });
});

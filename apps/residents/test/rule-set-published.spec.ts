import { MongoClient, type Db } from 'mongodb';
import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import { localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  eventually,
  MONGO_URL,
  readWholeTopic,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { startResidents } from './residents-under-test.js';

interface EventOnTopic {
  type: string;
  subject: string;
  orgUnit: string;
  payload: Record<string, unknown>;
}

/** Publishing a rule set stores it and its event in one insert; the relay puts the event on the topic once. */
describe('eligibility rule-set publication', () => {
  const ns = uniqueNamespace();
  let residents: RunningService;
  let client: MongoClient;
  let db: Db;
  const today = localDay(new Date(), 'Asia/Shanghai');
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const ruleSet = (version: string) => ({
    version,
    effectiveFrom: today,
    unusedBalance: 'expire',
    categories: [
      {
        code: 'aged-80-plus',
        description: 'free text stays out of events',
        minAge: 80,
        monthlyCreditFen: { 'basic-care': 4000, 'living-services': 6000 },
      },
      {
        code: 'low-income',
        minAge: 60,
        economicStatuses: ['dibao'],
        monthlyCreditFen: { 'basic-care': 2000, 'living-services': 3000 },
        freeExperienceServices: 1,
      },
    ],
  });
  /** The published events of a version, read once the stored rule set's outbox is empty (all relayed). */
  const publishedEvents = async (version: string) => {
    await eventually(
      () => db.collection<{ _id: string; hasPendingEvents?: boolean }>('rule_sets').findOne({ _id: version }),
      (doc) => doc !== null && doc.hasPendingEvents === false,
    );
    const messages = await readWholeTopic(topicName(Topics.residents, ns.topicPrefix));
    return messages
      .map((m) => JSON.parse(m.value?.toString() ?? '{}') as EventOnTopic)
      .filter((e) => e.type === 'eligibility.rule-set.published' && e.subject === version);
  };

  beforeAll(async () => {
    residents = await startResidents(ns);
    client = await MongoClient.connect(MONGO_URL);
    db = client.db(`${ns.dbPrefix}residents`);
  });

  afterAll(async () => {
    await client?.close();
    await residents?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('stores the rule set and puts its event on the residents topic exactly once', async () => {
    await request(residents.url)
      .post('/eligibility/rule-sets')
      .set(admin)
      .send(ruleSet('city-1'))
      .expect(201);
    // The same set again changes nothing and emits nothing.
    await request(residents.url)
      .post('/eligibility/rule-sets')
      .set(admin)
      .send(ruleSet('city-1'))
      .expect(201);
    const listed = await request(residents.url).get('/eligibility/rule-sets').set(admin).expect(200);
    expect(listed.body.published.map((r: { version: string }) => r.version)).toEqual(['city-1']);
    expect(listed.body.active.version).toBe('city-1');

    const events = await publishedEvents('city-1');
    expect(events).toHaveLength(1);
    expect(events[0]?.orgUnit).toBe('2101');
    expect(events[0]?.payload).toEqual({
      version: 'city-1',
      effectiveFrom: today,
      unusedBalance: 'expire',
      categories: [
        { code: 'aged-80-plus', basicCareFen: 4000, livingServicesFen: 6000, freeExperienceServices: 0 },
        { code: 'low-income', basicCareFen: 2000, livingServicesFen: 3000, freeExperienceServices: 1 },
      ],
    });
    expect(JSON.stringify(events)).not.toContain('free text');
  });

  it('publishing one version at the same moment from several requests stores it once, with one event', async () => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        request(residents.url).post('/eligibility/rule-sets').set(admin).send(ruleSet('city-2')),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(await publishedEvents('city-2')).toHaveLength(1);
  });

  it('refuses another set under a published version, storing and emitting nothing for it', async () => {
    await request(residents.url)
      .post('/eligibility/rule-sets')
      .set(admin)
      .send(ruleSet('city-3'))
      .expect(201);
    const taken = await request(residents.url)
      .post('/eligibility/rule-sets')
      .set(admin)
      .send({ ...ruleSet('city-3'), unusedBalance: 'carry-over' })
      .expect(409);
    expect(taken.body.code).toBe('rule-set.version-taken');
    const events = await publishedEvents('city-3');
    expect(events.map((e) => e.payload.unusedBalance)).toEqual(['expire']);
  });
});

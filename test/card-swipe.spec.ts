import { MongoClient } from 'mongodb';
import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import { cardDigest, localDay } from '#anlao/platform';
import { centresService } from '../apps/centres/src/centres.module.js';
import { startResidents } from '../apps/residents/test/residents-under-test.js';
import { nationalId, ORG_UNITS_CSV, personFixture } from '../apps/residents/test/fixtures.js';
import {
  bearer,
  dropDatabases,
  eventually,
  MONGO_URL,
  readWholeTopic,
  startService,
  TEST_CARD_DIGEST_KEY,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

interface Result {
  visitId: string;
  status: string;
  code?: string;
  retryable?: boolean;
}

/**
 * A card swipe end to end: the real residents service issues a card, its event carries a
 * keyed digest of the number (never the number), centres fold it into their read model and
 * accept a visit by that printed number (ADR 0021).
 */
describe('card swipe: residents issue a card, a centre records a visit by its number', () => {
  const ns = uniqueNamespace();
  const COMMUNITY = '2101.210102.210102001.210102001001';
  const today = localDay(new Date(), 'Asia/Shanghai');
  const born85 = `${Number(today.slice(0, 4)) - 85}-05-06`;
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const heping = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210102' }));
  const centre = bearer(tokenFor({ role: 'centre-client', centreId: 'c-swipe' }));
  let residents: RunningService;
  let centres: RunningService;
  let client: MongoClient;
  let residentId: string;
  let firstNumber: string;

  /** Its outbox published and cleared: the next card write cannot overlap the relay's clear (ADR 0017). */
  const settled = (id: string) =>
    eventually(
      () =>
        client
          .db(`${ns.dbPrefix}residents`)
          .collection<{ _id: string; hasPendingEvents: boolean }>('residents')
          .findOne({ _id: id }),
      (r) => r !== null && !r.hasPendingEvents,
    );
  /** Posts one swipe; a `retryable` rejection (centres have not read the card yet) is sent again. */
  const swipe = async (visitId: string, cardNumber: string): Promise<Result> => {
    const visit = {
      visitId,
      cardNumber,
      activity: 'meal',
      checkInAt: new Date(Date.now() - 3_600_000).toISOString(),
    };
    const res = await eventually(
      () =>
        request(centres.url)
          .post('/centres/c-swipe/visits')
          .set(centre)
          .send({ visits: [visit] }),
      (r) => !(r.body as { results?: Result[] }).results?.[0]?.retryable,
      30_000,
    );
    return (res.body as { results: Result[] }).results[0] as Result;
  };

  beforeAll(async () => {
    client = await MongoClient.connect(MONGO_URL);
    residents = await startResidents(ns);
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    await request(residents.url)
      .post('/org-units/import')
      .set(admin)
      .set('content-type', 'text/csv')
      .send(ORG_UNITS_CSV)
      .expect(200);
    await request(centres.url)
      .put('/centres/c-swipe')
      .set(admin)
      .send({ name: 'Changbai day-care', kind: 'day-care', communityPath: COMMUNITY, capacity: 20 })
      .expect(201);
    residentId = (
      await request(residents.url)
        .post('/residents')
        .set(heping)
        .send(personFixture(nationalId(born85, 301)))
        .expect(201)
    ).body.residentId as string;
    await settled(residentId);
    const issued = await request(residents.url).post(`/residents/${residentId}/card`).set(heping).expect(201);
    firstNumber = issued.body.card.number as string;
    await settled(residentId);
  }, 120_000);

  afterAll(async () => {
    await centres?.close();
    await residents?.close();
    await client?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('records a visit by the number of a card the residents service issued', async () => {
    expect(await swipe('swipe-1', firstNumber)).toEqual({ visitId: 'swipe-1', status: 'recorded' });
    const visit = await client
      .db(`${ns.dbPrefix}centres`)
      .collection<{ _id: string; residentId: string }>('visits')
      .findOne({ _id: 'c-swipe:swipe-1' });
    expect(visit?.residentId).toBe(residentId);
  });

  it('puts only the digest on the bus and in centres’ store, never the number', async () => {
    const events = (await readWholeTopic(topicName(Topics.residents, ns.topicPrefix))).map(
      (m) => m.value?.toString() ?? '',
    );
    const issued = events.map((e) => JSON.parse(e) as { type: string; subject: string; payload: object });
    expect(issued.find((e) => e.type === 'card.issued' && e.subject === residentId)?.payload).toMatchObject({
      cardDigest: cardDigest(TEST_CARD_DIGEST_KEY, firstNumber),
    });
    expect(events.join('\n')).not.toContain(firstNumber);
    const store = client.db(`${ns.dbPrefix}centres`);
    const digest = await store
      .collection<{ _id: string; residentId: string }>('card_digest_copies')
      .findOne({ _id: cardDigest(TEST_CARD_DIGEST_KEY, firstNumber) });
    expect(digest?.residentId).toBe(residentId);
    const copy = await store.collection<{ _id: string }>('resident_copies').findOne({ _id: residentId });
    expect(JSON.stringify(copy)).not.toContain(firstNumber);
  });

  it('after a loss, swipes the new number and refuses the old one as lost', async () => {
    const replaced = await request(residents.url)
      .post(`/residents/${residentId}/card/report-lost`)
      .set(heping)
      .expect(200);
    const next = replaced.body.card.number as string;
    expect(next).not.toBe(firstNumber);
    await settled(residentId);
    expect(await swipe('swipe-new', next)).toEqual({ visitId: 'swipe-new', status: 'recorded' });
    expect(await swipe('swipe-old', firstNumber)).toMatchObject({ status: 'rejected', code: 'card.lost' });
  });
});

import { jest } from '@jest/globals';
import { MongoClient, type Db } from 'mongodb';
import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import { cardDigest, localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  eventually,
  MONGO_URL,
  readWholeTopic,
  TEST_CARD_DIGEST_KEY,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { luhnDigit } from '../src/cards/card-number.js';
import { ResidentRepository } from '../src/residents/resident.repository.js';
import { nationalId, ORG_UNITS_CSV, personFixture } from './fixtures.js';
import { startResidents } from './residents-under-test.js';

interface StoredResident {
  _id: string;
  card: { cardId: string; number: string; status: string } | null;
  formerCards?: { cardId: string; number: string; status: string }[];
  hasPendingEvents: boolean;
}
interface Claim {
  _id: string;
  cardId: string;
  residentId: string;
}
interface EventOnTopic {
  type: string;
  subject: string;
  payload: {
    cardId?: string;
    newCardId?: string;
    oldCardId?: string;
    cardDigest?: string;
    newCardDigest?: string;
  };
}

/**
 * A card and its resident never disagree: issuing, suspending and replacing a card is one
 * write of the resident with its event; a number claimed for a write that never landed
 * reads as never issued. Real store and broker; failures are injected into the service.
 */
describe('cards live in the resident: one write each, nothing half done', () => {
  const ns = uniqueNamespace();
  let residents: RunningService;
  let client: MongoClient;
  let db: Db;
  let repository: ResidentRepository;
  let seq = 101;
  const today = localDay(new Date(), 'Asia/Shanghai');
  const born85 = `${Number(today.slice(0, 4)) - 85}-05-06`;
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const heping = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210102' }));
  const hotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: '2101.210102' }));

  const lookup = (number: string) =>
    request(residents.url).post('/cards/lookup').set(hotline).send({ number });
  const comparable = (res: request.Response) =>
    res.text.replace(String((res.body as { correlationId?: string }).correlationId), '<correlation>');
  const unknownCard = () => `869999999999999${luhnDigit('869999999999999')}`;
  const stored = async (id: string) =>
    (await db.collection<StoredResident>('residents').findOne({ _id: id })) as StoredResident;
  /** Test-only scan of the claims: which numbers were ever claimed for a resident. */
  const claimsOf = (id: string) => db.collection<Claim>('cards').find({ residentId: id }).toArray();
  /**
   * Waits until the relay has published what the resident's outbox holds. Between the
   * steps of a test: the relay's clear is itself an update of the resident, and FerretDB
   * 1.24 applies an update by reading and writing back the whole document (ADR 0010), so
   * a clear that overlaps a card write can undo it. Not what these tests are about.
   */
  const settled = (id: string) =>
    eventually(
      () => stored(id),
      (r) => !r.hasPendingEvents,
    );
  /** Every event of the residents topic about one resident, once its outbox is empty (all published). */
  const eventsOf = async (id: string, type: string) => {
    await settled(id);
    const messages = await readWholeTopic(topicName(Topics.residents, ns.topicPrefix));
    return messages
      .map((m) => JSON.parse(m.value?.toString() ?? '{}') as EventOnTopic)
      .filter((e) => e.subject === id && e.type === type);
  };
  const register = async () => {
    const id = (
      await request(residents.url)
        .post('/residents')
        .set(heping)
        .send(personFixture(nationalId(born85, (seq += 2))))
        .expect(201)
    ).body.residentId as string;
    await settled(id);
    return id;
  };
  const issue = async (id: string) => {
    const number = (await request(residents.url).post(`/residents/${id}/card`).set(heping).expect(201)).body
      .card.number as string;
    await settled(id);
    return number;
  };

  beforeAll(async () => {
    residents = await startResidents(ns);
    client = await MongoClient.connect(MONGO_URL);
    db = client.db(`${ns.dbPrefix}residents`);
    repository = residents.app.get(ResidentRepository);
    await request(residents.url)
      .post('/org-units/import')
      .set(admin)
      .set('content-type', 'text/csv')
      .send(ORG_UNITS_CSV)
      .expect(200);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await client?.close();
    await residents?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('keeps the card, its number claim and its event together in the resident document', async () => {
    const id = await register();
    const issued = await request(residents.url).post(`/residents/${id}/card`).set(heping).expect(201);
    const record = await stored(id);
    expect(record.card).toEqual({ ...issued.body.card, cardId: record.card?.cardId });
    expect(await claimsOf(id)).toEqual([
      expect.objectContaining({ _id: record.card?.number, cardId: record.card?.cardId, residentId: id }),
    ]);
    const events = await eventsOf(id, 'card.issued');
    expect(events.map((e) => e.payload.cardId)).toEqual([record.card?.cardId]);
    // The event names the card by a keyed digest of its number (for centres' swipes), never the number.
    expect(events[0]?.payload.cardDigest).toBe(cardDigest(TEST_CARD_DIGEST_KEY, record.card?.number ?? ''));
    expect(JSON.stringify(events)).not.toContain(record.card?.number ?? '-');
  });

  it('a crash after the number is claimed and before the resident is written leaves no card at all', async () => {
    const id = await register();
    jest.spyOn(repository, 'update').mockRejectedValueOnce(new Error('injected: the process died here'));
    await request(residents.url).post(`/residents/${id}/card`).set(heping).expect(500);

    expect((await stored(id)).card).toBeNull();
    const [orphan] = await claimsOf(id);
    expect(orphan).toBeDefined();
    // The claimed number answers exactly like a number never issued: no half-issued card.
    const claimed = await lookup(orphan?._id ?? '').expect(404);
    expect(comparable(claimed)).toBe(comparable(await lookup(unknownCard()).expect(404)));

    const issued = await request(residents.url).post(`/residents/${id}/card`).set(heping).expect(201);
    const number = issued.body.card.number as string;
    expect(number).not.toBe(orphan?._id);
    await lookup(number).expect(200);
    const events = await eventsOf(id, 'card.issued');
    expect(events.map((e) => e.payload.cardId)).toEqual([(await stored(id)).card?.cardId]);
  });

  it('a crash while replacing a lost card leaves the old card working and the new number unknown', async () => {
    const id = await register();
    const old = await issue(id);
    jest.spyOn(repository, 'update').mockRejectedValueOnce(new Error('injected: the process died here'));
    await request(residents.url).post(`/residents/${id}/card/report-lost`).set(heping).expect(500);

    expect((await stored(id)).card).toMatchObject({ number: old, status: 'active' });
    await lookup(old).expect(200);
    const orphan = (await claimsOf(id)).find((c) => c._id !== old);
    expect(orphan).toBeDefined();
    await lookup(orphan?._id ?? '').expect(404);

    const replaced = await request(residents.url)
      .post(`/residents/${id}/card/report-lost`)
      .set(heping)
      .expect(200);
    const next = replaced.body.card.number as string;
    expect((await lookup(old).expect(422)).body.code).toBe('card.not-active');
    await lookup(next).expect(200);
    const record = await stored(id);
    expect(record.formerCards).toEqual([expect.objectContaining({ number: old, status: 'lost' })]);
    const events = await eventsOf(id, 'card.replaced');
    expect(events.map((e) => e.payload.newCardId)).toEqual([record.card?.cardId]);
    expect(events[0]?.payload.newCardDigest).toBe(cardDigest(TEST_CARD_DIGEST_KEY, next));
    expect(JSON.stringify(events)).not.toContain(next);
  });

  it('issuing concurrently yields one active card, one claim and one event; the others are told the card exists', async () => {
    const id = await register();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => request(residents.url).post(`/residents/${id}/card`).set(heping)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).map((a) => (a.body as { code: string }).code)).toEqual([
      'card.exists',
      'card.exists',
      'card.exists',
    ]);
    const winner = answers.find((a) => a.status === 201)?.body.card.number as string;
    expect((await stored(id)).card).toMatchObject({ number: winner, status: 'active' });
    // The losers gave their claims back: their writes are known not to have landed.
    expect((await claimsOf(id)).map((c) => c._id)).toEqual([winner]);
    expect(await eventsOf(id, 'card.issued')).toHaveLength(1);
  });

  it('a resident changed between read and write is read again, not answered "busy"', async () => {
    const id = await register();
    const original = repository.update.bind(repository);
    jest.spyOn(repository, 'update').mockImplementationOnce(async (...args) => {
      // Someone else writes the resident first: the card write's version no longer matches.
      await request(residents.url).patch(`/residents/${id}`).set(heping).send({ phone: '13900000001' });
      return original(...args);
    });
    const issued = await request(residents.url).post(`/residents/${id}/card`).set(heping).expect(201);
    const record = await stored(id);
    expect(record.card?.number).toBe(issued.body.card.number);
    expect(issued.body.phone).toBe('13900000001');
    expect((await claimsOf(id)).map((c) => c._id)).toEqual([issued.body.card.number]);
  });

  it('suspends in one write: the number stops working and the event says so', async () => {
    const id = await register();
    const number = await issue(id);
    const suspended = await request(residents.url)
      .post(`/residents/${id}/card/suspend`)
      .set(heping)
      .expect(200);
    expect(suspended.body.card).toEqual({ number, status: 'suspended' });
    expect((await lookup(number).expect(422)).body.code).toBe('card.not-active');
    expect(await eventsOf(id, 'card.suspended')).toHaveLength(1);
  });

  it('reads a claim of the two-collection shape as it read then: a number no longer held is lost', async () => {
    const id = await register();
    await request(residents.url).post(`/residents/${id}/card`).set(heping).expect(201);
    const legacy = `860000000000012${luhnDigit('860000000000012')}`;
    await db
      .collection<Claim & { status: string }>('cards')
      .insertOne({ _id: legacy, cardId: 'card-legacy', residentId: id, status: 'lost' });
    expect((await lookup(legacy).expect(422)).body.code).toBe('card.not-active');
  });
});

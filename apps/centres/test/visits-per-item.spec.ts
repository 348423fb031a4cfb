import { MongoClient } from 'mongodb';
import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import { localDay } from '#anlao/platform';
import type { EventProducer } from '#anlao/messaging';
import { centresService } from '../src/centres.module.js';
import {
  bearer,
  dropDatabases,
  eventually,
  MONGO_URL,
  readWholeTopic,
  startService,
  testConfig,
  testProducer,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { residentsEvents } from './residents-fixture.js';

interface Result {
  visitId: string;
  status: string;
  code?: string;
  reason?: string;
  retryable?: boolean;
}

/**
 * Visits judged one by one against centres' own residents read model, fed only by
 * residents events on the bus (no residents service runs here).
 */
describe('visits: per-item results against the residents read model', () => {
  const ns = uniqueNamespace();
  const PATH = '2101.210102.210102001.210102001001';
  const FAR = '2101.210103.210103001.210103001001';
  const ev = residentsEvents(ns.topicPrefix);
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const open = bearer(tokenFor({ role: 'centre-client', centreId: 'c-open' }));
  const local = bearer(tokenFor({ role: 'centre-client', centreId: 'c-local' }));
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const CARD = {
    ok: '8600000000000001',
    suspended: '8600000000000002',
    lost: '8600000000000003',
    fresh: '8600000000000004',
  };
  let centres: RunningService;
  let producer: EventProducer;
  const post = (centreId: string, auth: Record<string, string>, visits: unknown[]) =>
    request(centres.url).post(`/centres/${centreId}/visits`).set(auth).send({ visits });
  const byId = (body: { results: Result[] }) => new Map(body.results.map((r) => [r.visitId, r]));

  beforeAll(async () => {
    // A first start creates the topics and the centres, then goes away.
    const first = await startService(
      centresService,
      testConfig('centres', ns, {}, centresService.extraConfig),
    );
    const centre = { name: 'Centre', kind: 'day-care', communityPath: PATH, capacity: 20 };
    await request(first.url).put('/centres/c-open').set(admin).send(centre).expect(201);
    await request(first.url)
      .put('/centres/c-local')
      .set(admin)
      .send({ ...centre, communityOnly: true })
      .expect(201);
    await first.close();

    producer = await testProducer(ns, 'centres-residents-fixture');
    const diedOn = localDay(new Date(Date.now() - 10 * 86_400_000), 'Asia/Shanghai');
    await producer.publish([
      ev.registered('r-ok', PATH),
      ev.cardIssued('r-ok', PATH, 'card-ok', CARD.ok),
      ev.registered('r-far', FAR),
      ev.registered('r-dead', PATH),
      ev.died('r-dead', PATH, diedOn),
      ev.registered('r-sus', PATH),
      ev.cardIssued('r-sus', PATH, 'card-sus', CARD.suspended),
      ev.cardSuspended('r-sus', PATH, 'card-sus'),
      ev.registered('r-lost', PATH),
      ev.cardIssued('r-lost', PATH, 'card-old', CARD.lost),
      ev.cardReplaced('r-lost', PATH, 'card-old', 'card-new', CARD.fresh),
      ...Array.from({ length: 120 }, (_, i) => ev.registered(`r-filler-${i}`, PATH)),
    ]);
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
  });

  afterAll(async () => {
    await centres?.close();
    await producer?.disconnect();
    await dropDatabases(ns.dbPrefix);
  });

  it('reports ready only once it has read the residents events published before it started', async () => {
    await eventually(
      () =>
        request(centres.url)
          .get('/health/ready')
          .then((r) => r.status),
      (s) => s === 200,
      60_000,
    );
    const client = await MongoClient.connect(MONGO_URL);
    try {
      const copies = client.db(`${ns.dbPrefix}centres`).collection<{ _id: string }>('resident_copies');
      // Every resident of the history is there the moment readiness said so.
      const found = await Promise.all(
        ['r-ok', 'r-lost', 'r-filler-0', 'r-filler-119'].map((id) => copies.findOne({ _id: id })),
      );
      expect(found.map((d) => d?._id)).toEqual(['r-ok', 'r-lost', 'r-filler-0', 'r-filler-119']);
    } finally {
      await client.close();
    }
  });

  it('answers one result per item of a mixed batch, each rejection with its own code', async () => {
    const inAt = hoursAgo(3);
    const v = (visitId: string, who: Record<string, string>, extra: Record<string, string> = {}) => ({
      visitId,
      activity: 'meal',
      checkInAt: inAt,
      ...who,
      ...extra,
    });
    const res = await post('c-open', open, [
      v('by-id', { residentId: 'r-ok' }),
      v('by-card', { cardNumber: CARD.ok }, { checkInAt: hoursAgo(4) }),
      v('new-card', { cardNumber: CARD.fresh }),
      v('unknown', { residentId: 'r-nobody' }),
      v('unknown-card', { cardNumber: '8699999999999999' }),
      v('suspended', { cardNumber: CARD.suspended }),
      v('lost', { cardNumber: CARD.lost }),
      v('dead', { residentId: 'r-dead' }),
      v('future', { residentId: 'r-ok' }, { checkInAt: new Date(Date.now() + 3_600_000).toISOString() }),
      v('backwards', { residentId: 'r-ok' }, { checkOutAt: hoursAgo(5) }),
      v('too-long', { residentId: 'r-ok' }, { checkInAt: hoursAgo(30), checkOutAt: hoursAgo(5) }),
      v('too-old', { residentId: 'r-ok' }, { checkInAt: hoursAgo(40 * 24) }),
      { visitId: 'never-checked-in', checkOutAt: hoursAgo(1) },
      v('both', { residentId: 'r-ok', cardNumber: CARD.ok }),
      v('by-id', { residentId: 'r-ok' }),
    ]);
    expect(res.status).toBe(201);
    const results = byId(res.body as { results: Result[] });
    expect((res.body as { results: Result[] }).results).toHaveLength(15);
    const statusOf = (id: string) => [results.get(id)?.status, results.get(id)?.code];
    expect(statusOf('by-id')).toEqual(['rejected', 'visit.repeated-in-batch']); // the later copy
    expect((res.body as { results: Result[] }).results[0]).toEqual({ visitId: 'by-id', status: 'recorded' });
    expect(statusOf('by-card')).toEqual(['recorded', undefined]);
    expect(statusOf('new-card')).toEqual(['recorded', undefined]);
    expect(results.get('unknown')).toMatchObject({
      status: 'rejected',
      code: 'resident.unknown',
      retryable: true,
    });
    expect(results.get('unknown-card')).toMatchObject({ code: 'resident.unknown', retryable: true });
    expect(statusOf('suspended')).toEqual(['rejected', 'card.suspended']);
    expect(statusOf('lost')).toEqual(['rejected', 'card.lost']);
    expect(statusOf('dead')).toEqual(['rejected', 'resident.deceased']);
    expect(statusOf('future')).toEqual(['rejected', 'visit.in-future']);
    expect(statusOf('backwards')).toEqual(['rejected', 'visit.check-out-before-check-in']);
    expect(statusOf('too-long')).toEqual(['rejected', 'visit.stay-over-24h']);
    expect(statusOf('too-old')).toEqual(['rejected', 'visit.too-late']);
    expect(statusOf('never-checked-in')).toEqual(['rejected', 'visit.unknown']);
    expect(statusOf('both')).toEqual(['rejected', 'visit.invalid']);
    expect(res.body).toMatchObject({ recorded: 3, duplicates: 0, conflicts: 0, rejected: 12 });
    // Reasons name no resident and no card number.
    const reasons = JSON.stringify([...results.values()].map((r) => r.reason ?? ''));
    for (const secret of ['r-ok', 'r-dead', ...Object.values(CARD)]) expect(reasons).not.toContain(secret);

    const again = await post('c-open', open, [
      v('by-id', { residentId: 'r-ok' }),
      v('by-card', { residentId: 'r-ok' }, { activity: 'recreation' }),
    ]);
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: Result) => r.status)).toEqual(['duplicate', 'conflict']);
  });

  it('refuses a resident from elsewhere at a community-only centre, not at an open one', async () => {
    const visit = (visitId: string, residentId: string) => ({
      visitId,
      residentId,
      activity: 'meal',
      checkInAt: hoursAgo(2),
    });
    const res = await post('c-local', local, [visit('far', 'r-far'), visit('near', 'r-ok')]).expect(201);
    expect(res.body.results).toEqual([
      expect.objectContaining({ visitId: 'far', status: 'rejected', code: 'resident.outside-area' }),
      { visitId: 'near', status: 'recorded' },
    ]);
    const openRes = await post('c-open', open, [visit('far-open', 'r-far')]).expect(201);
    expect(openRes.body.results[0]).toEqual({ visitId: 'far-open', status: 'recorded' });
  });

  it('closes an open visit by a later check-out, publishing visit.checked-out exactly once', async () => {
    await post('c-open', open, [
      { visitId: 'stay', residentId: 'r-ok', activity: 'day-care', checkInAt: hoursAgo(6) },
    ]).expect(201);
    const out = hoursAgo(1);
    const closed = await post('c-open', open, [{ visitId: 'stay', checkOutAt: out }]).expect(201);
    expect(closed.body.results).toEqual([{ visitId: 'stay', status: 'recorded' }]);
    const repeat = await post('c-open', open, [{ visitId: 'stay', checkOutAt: out }]).expect(200);
    expect(repeat.body.results[0].status).toBe('duplicate');
    const other = await post('c-open', open, [{ visitId: 'stay', checkOutAt: hoursAgo(2) }]).expect(200);
    expect(other.body.results[0].status).toBe('conflict');

    const topic = topicName(Topics.centres, ns.topicPrefix);
    const checkedOut = await eventually(
      async () =>
        (await readWholeTopic(topic))
          .map(
            (m) =>
              JSON.parse(m.value?.toString() ?? '{}') as { type: string; subject: string; payload: unknown },
          )
          .filter((e) => e.type === 'visit.checked-out' && e.subject === 'c-open:stay'),
      (events) => events.length > 0,
      30_000,
    );
    expect(checkedOut).toHaveLength(1);
    expect(checkedOut[0]?.payload).toEqual({
      visitId: 'stay',
      centreId: 'c-open',
      residentId: 'r-ok',
      checkInAt: expect.any(String),
      checkOutAt: new Date(out).toISOString(),
    });
  });

  it('accepts a resident first unknown once the read model has them (retryable)', async () => {
    const visit = [{ visitId: 'newcomer', residentId: 'r-new', activity: 'meal', checkInAt: hoursAgo(1) }];
    const first = await post('c-open', open, visit).expect(200);
    expect(first.body.results[0]).toMatchObject({ code: 'resident.unknown', retryable: true });
    await producer.publish([ev.registered('r-new', PATH)]);
    const later = await eventually(
      () => post('c-open', open, visit).then((r) => r.body.results[0] as Result),
      (r) => r.status === 'recorded',
      30_000,
    );
    expect(later).toEqual({ visitId: 'newcomer', status: 'recorded' });
  });

  it('takes one visit on its own: 201 recorded, 200 duplicate, 409 conflict, 422 rejected with its code', async () => {
    const put = (visitId: string, body: object, auth = open) =>
      request(centres.url).put(`/centres/c-open/visits/${visitId}`).set(auth).send(body);
    const checkIn = { residentId: 'r-ok', activity: 'meal', checkInAt: hoursAgo(3) };
    expect((await put('single-1', checkIn).expect(201)).body).toEqual({
      visitId: 'single-1',
      status: 'recorded',
    });
    expect((await put('single-1', checkIn).expect(200)).body.status).toBe('duplicate');
    const conflict = await put('single-1', { ...checkIn, activity: 'training' }).expect(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    expect(conflict.body.code).toBe('visit.conflict');
    // A later check-out on its own closes it.
    expect((await put('single-1', { checkOutAt: hoursAgo(1) }).expect(201)).body.status).toBe('recorded');
    const unknown = await put('single-2', {
      residentId: 'r-nobody',
      activity: 'meal',
      checkInAt: hoursAgo(1),
    }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'resident.unknown', retryable: true, status: 422 });
    const lost = await put('single-3', {
      cardNumber: CARD.lost,
      activity: 'meal',
      checkInAt: hoursAgo(1),
    }).expect(422);
    expect(lost.body.code).toBe('card.lost');
    // The id lives in the path: a malformed one, or one repeated in the body, is a 400.
    await put('bad id!', checkIn).expect(400);
    await put('single-4', { ...checkIn, visitId: 'single-4' }).expect(400);
    await put('single-5', checkIn, local).expect(404);
  });

  it('keeps a centre to its own visits, and a malformed body a 400 for the whole request', async () => {
    const visit = { visitId: 'x', residentId: 'r-ok', activity: 'meal', checkInAt: hoursAgo(1) };
    await post('c-local', open, [visit]).expect(404);
    const notArray = await request(centres.url)
      .post('/centres/c-open/visits')
      .set(open)
      .send({ visits: visit });
    expect(notArray.status).toBe(400);
    expect(notArray.headers['content-type']).toContain('application/problem+json');
    const tooMany = Array.from({ length: 1_001 }, (_, i) => ({ ...visit, visitId: `many-${i}` }));
    await post('c-open', open, tooMany).expect(400);
    const notJson = await request(centres.url)
      .post('/centres/c-open/visits')
      .set(open)
      .set('content-type', 'application/json')
      .send('{"visits": [');
    expect(notJson.status).toBe(400);
  });
});

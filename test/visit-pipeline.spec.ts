import { MongoClient } from 'mongodb';
import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import { centresService } from '../apps/centres/src/centres.module.js';
import { analyticsService } from '../apps/analytics/src/analytics.module.js';
import { seedResidents } from '../apps/centres/test/residents-fixture.js';
import {
  bearer,
  tokenFor,
  dropDatabases,
  eventually,
  MONGO_URL,
  readTopic,
  startService,
  startTcpProxy,
  testConfig,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { dayFromToday, VISIT_DAY } from './support/dates.js';

/**
 * The thin slice end to end, through the real broker and store: a centre reports
 * visits over HTTP, the outbox publishes `visit.recorded`, analytics counts them
 * per centre per local day, and an HTTP query returns the count.
 */
describe('visit pipeline: centres → Kafka → analytics', () => {
  const ns = uniqueNamespace();
  let centres: RunningService;
  let analytics: RunningService;

  const centre = {
    name: 'Changbai day-care centre',
    kind: 'day-care',
    communityPath: '2101.210102.210102001.210102001001',
    capacity: 40,
  };
  const visits = [
    // 23:30 UTC on the 19th is 07:30 on the 20th in Shenyang.
    { visitId: 'v-1', residentId: 'r-1', activity: 'meal', checkInAt: `${dayFromToday(-6)}T23:30:00Z` },
    {
      visitId: 'v-2',
      residentId: 'r-2',
      activity: 'rehabilitation',
      checkInAt: `${VISIT_DAY}T02:00:00Z`,
      checkOutAt: `${VISIT_DAY}T04:00:00Z`,
    },
    { visitId: 'v-3', residentId: 'r-1', activity: 'recreation', checkInAt: `${dayFromToday(-4)}T01:00:00Z` },
  ];

  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const changbai = bearer(tokenFor({ role: 'centre-client', centreId: 'c-changbai' }));
  const daily = (centreId: string, auth = admin) =>
    request(analytics.url)
      .get('/centre-visits/daily')
      .set(auth)
      .query({ centreId, from: dayFromToday(-25), to: dayFromToday(0) });

  beforeAll(async () => {
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    analytics = await startService(analyticsService, testConfig('analytics', ns));
    // Centres accept visits only of residents their read model has read (ADR 0021).
    await seedResidents(ns, ['r-1', 'r-2', 'r-3'], centre.communityPath);
  });

  afterAll(async () => {
    await centres?.close();
    await analytics?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('registers a centre once, and a repeat registration changes nothing', async () => {
    await request(centres.url).put('/centres/c-changbai').set(admin).send(centre).expect(201);
    await request(centres.url).put('/centres/c-changbai').set(admin).send(centre).expect(200);
    const conflict = await request(centres.url)
      .put('/centres/c-changbai')
      .set(admin)
      .send({ ...centre, capacity: 41 })
      .expect(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    expect(conflict.body).toMatchObject({ code: 'centre.exists', status: 409 });
  });

  it('counts reported visits per centre per local day', async () => {
    const res = await request(centres.url)
      .post('/centres/c-changbai/visits')
      .set(changbai)
      .set('x-correlation-id', 'corr-pipeline-1')
      .send({ visits })
      .expect(201);
    expect(res.body).toMatchObject({ recorded: 3, duplicates: 0, conflicts: 0 });
    expect(res.headers['x-correlation-id']).toBe('corr-pipeline-1');

    const counted = await eventually(
      async () =>
        (await daily('c-changbai')).body as { total: number; days: { day: string; visits: number }[] },
      (b) => b.total === 3,
    );
    expect(counted.days).toEqual([
      { day: VISIT_DAY, visits: 2, voided: 0 },
      { day: dayFromToday(-4), visits: 1, voided: 0 },
    ]);
  });

  it('carries the correlation id from the HTTP request into the event headers', async () => {
    const messages = await readTopic(
      topicName(Topics.centres, ns.topicPrefix),
      (m) => m.filter((x) => x.headers?.['event-type']?.toString() === 'visit.recorded').length >= 3,
    );
    const visitEvents = messages.filter((m) => m.headers?.['event-type']?.toString() === 'visit.recorded');
    expect(visitEvents.length).toBeGreaterThanOrEqual(3);
    for (const m of visitEvents) expect(m.headers?.['correlation-id']?.toString()).toBe('corr-pipeline-1');
    // Payloads carry ids and codes, never names.
    for (const m of messages) expect(m.value?.toString()).not.toContain('Changbai');
  });

  it('accepts a resubmitted batch idempotently: nothing is counted twice', async () => {
    const again = await request(centres.url)
      .post('/centres/c-changbai/visits')
      .set(changbai)
      .send({ visits })
      .expect(200);
    expect(again.body).toMatchObject({ recorded: 0, duplicates: 3, conflicts: 0 });

    const reused = await request(centres.url)
      .post('/centres/c-changbai/visits')
      .set(changbai)
      .send({
        visits: [
          { ...visits[0], activity: 'training' },
          { visitId: 'v-4', residentId: 'r-3', activity: 'meal', checkInAt: `${dayFromToday(-4)}T03:00:00Z` },
        ],
      })
      .expect(201);
    expect(reused.body.results).toEqual([
      { visitId: 'v-1', status: 'conflict' },
      { visitId: 'v-4', status: 'recorded' },
    ]);
    const counted = await eventually(
      async () => (await daily('c-changbai')).body as { total: number },
      (b) => b.total === 4,
    );
    expect(counted.total).toBe(4);
  });

  it('answers bad input with problem+json and stores nothing', async () => {
    const cases: [string, object, string][] = [
      ['unknown field', { visits: [{ ...visits[0], visitId: 'bad-1', secret: 1 }] }, 'visits.0.secret'],
      [
        'bad activity',
        { visits: [{ ...visits[0], visitId: 'bad-2', activity: 'karaoke' }] },
        'visits.0.activity',
      ],
      [
        'bad time',
        { visits: [{ ...visits[0], visitId: 'bad-3', checkInAt: 'yesterday' }] },
        'visits.0.checkInAt',
      ],
      ['empty batch', { visits: [] }, 'visits'],
      [
        'one malformed item refuses the whole batch',
        {
          visits: [
            { ...visits[1], visitId: 'ok-but-batch-refused' },
            { ...visits[0], visitId: 'bad-4', checkInAt: dayFromToday(-6) },
          ],
        },
        'visits.1.checkInAt',
      ],
    ];
    for (const [, body, field] of cases) {
      const res = await request(centres.url)
        .post('/centres/c-changbai/visits')
        .set(changbai)
        .send(body)
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
    const notJson = await request(centres.url)
      .post('/centres/c-changbai/visits')
      .set(changbai)
      .set('content-type', 'application/json')
      .send('{"visits": [')
      .expect(400);
    expect(notJson.headers['content-type']).toContain('application/problem+json');

    // A well-formed item that breaks a rule is refused alone; the rest of its batch is recorded.
    const mixed = await request(centres.url)
      .post('/centres/c-changbai/visits')
      .set(changbai)
      .send({
        visits: [
          { ...visits[0], visitId: 'backwards', checkOutAt: `${dayFromToday(-6)}T20:00:00Z` },
          { ...visits[1], visitId: 'beside-a-bad-one' },
        ],
      })
      .expect(201);
    expect(mixed.body.results).toEqual([
      expect.objectContaining({
        visitId: 'backwards',
        status: 'rejected',
        code: 'visit.check-out-before-check-in',
      }),
      { visitId: 'beside-a-bad-one', status: 'recorded' },
    ]);
    expect(mixed.body).toMatchObject({ recorded: 1, rejected: 1 });

    await request(centres.url)
      .post('/centres/c-nowhere/visits')
      .set(bearer(tokenFor({ role: 'centre-client', centreId: 'c-nowhere' })))
      .send({ visits })
      .expect(404);
    // The refused batches stored nothing: asked of the centres' own store, not of a projection that may lag.
    const client = await MongoClient.connect(MONGO_URL);
    try {
      const stored = client.db(`${ns.dbPrefix}centres`).collection<{ _id: string }>('visits');
      for (const id of ['bad-1', 'bad-2', 'bad-3', 'bad-4', 'ok-but-batch-refused', 'backwards'])
        expect(await stored.findOne({ _id: `c-changbai:${id}` })).toBeNull();
      expect(await stored.findOne({ _id: 'c-nowhere:v-1' })).toBeNull();
      expect(await stored.findOne({ _id: 'c-changbai:v-1' })).not.toBeNull();
      expect(await stored.findOne({ _id: 'c-changbai:beside-a-bad-one' })).not.toBeNull();
    } finally {
      await client.close();
    }
    const query = await request(analytics.url)
      .get('/centre-visits/daily')
      .set(admin)
      .query({ centreId: 'c-changbai', from: 'nov' })
      .expect(400);
    expect(query.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['from', 'to']),
    );
  });

  it('voids a visit once: the centre stops counting it, analytics subtracts it, a late check-out is refused', async () => {
    const voidV4 = (auth: Record<string, string>) =>
      request(centres.url)
        .post('/centres/c-changbai/visits/v-4/void')
        .set(auth)
        .send({ reason: 'entered-in-error', note: 'typed at the wrong centre' });
    // A centre cannot void its own report; staff of another district do not even see the centre.
    await voidV4(changbai).expect(403);
    const elsewhere = await voidV4(
      bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210103' })),
    ).expect(404);
    expect(elsewhere.body.code).toBe('centre.not-found');
    const street = bearer(tokenFor({ role: 'street-staff', orgUnit: '2101.210102.210102001' }));
    const first = await voidV4(street).expect(200);
    expect(first.body).toMatchObject({
      visitId: 'v-4',
      residentId: 'r-3',
      voidReason: 'entered-in-error',
      voidedNow: true,
    });
    const again = await voidV4(admin).expect(200);
    expect(again.body).toMatchObject({ voidedNow: false, voidedAt: first.body.voidedAt });
    await request(centres.url)
      .post('/centres/c-changbai/visits/v-unknown/void')
      .set(admin)
      .send({ reason: 'other' })
      .expect(404);
    const badReason = await request(centres.url)
      .post('/centres/c-changbai/visits/v-3/void')
      .set(admin)
      .send({ reason: 'because' })
      .expect(400);
    expect(badReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);

    const late = await request(centres.url)
      .post('/centres/c-changbai/visits')
      .set(changbai)
      .send({ visits: [{ visitId: 'v-4', checkOutAt: `${dayFromToday(-4)}T05:00:00Z` }] })
      .expect(200);
    expect(late.body.results).toEqual([
      expect.objectContaining({ status: 'rejected', code: 'visit.voided' }),
    ]);

    const counted = await eventually(
      async () =>
        (await daily('c-changbai')).body as { total: number; days: { day: string; voided: number }[] },
      (b) => b.total === 4,
    );
    expect(counted.days.find((d) => d.day === dayFromToday(-4))).toMatchObject({ voided: 1 });
    const voids = await readTopic(topicName(Topics.centres, ns.topicPrefix), (m) =>
      m.some((x) => x.headers?.['event-type']?.toString() === 'visit.voided'),
    );
    const voided = voids.filter((m) => m.headers?.['event-type']?.toString() === 'visit.voided');
    expect(voided).toHaveLength(1);
    // The note stays in the centres service: events carry codes only.
    expect(voided[0]?.value?.toString()).not.toContain('wrong centre');
  });

  it('reports not ready while its document store is unreachable, and ready again after', async () => {
    const proxy = await startTcpProxy('127.0.0.1', Number(new URL(MONGO_URL).port));
    const probe = await startService(
      analyticsService,
      testConfig('analytics', ns, { MONGO_URL: `mongodb://${proxy.address}` }),
    );
    try {
      await request(probe.url).get('/health/ready').expect(200);
      proxy.cut();
      const down = await eventually(
        () => request(probe.url).get('/health/ready'),
        (r) => r.status === 503,
      );
      expect(down.headers['content-type']).toContain('application/problem+json');
      expect(down.body.checks.documentStore.status).toBe('down');
      proxy.restore();
      await eventually(
        () => request(probe.url).get('/health/ready'),
        (r) => r.status === 200,
        30_000,
      );
    } finally {
      proxy.restore();
      await probe.close();
      await proxy.close();
    }
  });

  it('reports ready with the document store and Kafka up, and serves OpenAPI', async () => {
    const ready = await request(analytics.url).get('/health/ready').expect(200);
    expect(ready.body.info.documentStore.status).toBe('up');
    expect(ready.body.info.kafka.consumers).toEqual(
      expect.arrayContaining([expect.objectContaining({ groupId: 'analytics.centre-visits', joined: true })]),
    );
    await request(centres.url).get('/health').expect(200);
    const doc = await request(centres.url).get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/centres/{centreId}/visits', '/health/ready']),
    );
  });
});

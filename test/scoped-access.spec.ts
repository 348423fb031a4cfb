import { pino } from 'pino';
import request from 'supertest';
import { createEvent } from '#anlao/events';
import { createKafka, EventProducer } from '#anlao/messaging';
import { analyticsService } from '../apps/analytics/src/analytics.module.js';
import { centresService } from '../apps/centres/src/centres.module.js';
import { seedResidents } from '../apps/centres/test/residents-fixture.js';
import {
  bearer,
  dropDatabases,
  eventually,
  KAFKA_BROKERS,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { dayFromToday, VISIT_DAY } from './support/dates.js';

/**
 * Role and scope on every centres and analytics route, with tokens signed like
 * the gateway's: a centre sees only itself, a district only its district, a
 * street only its street; wrong roles get 403, bad tokens 401.
 */
describe('scoped access to centres and their reports', () => {
  const ns = uniqueNamespace();
  let centres: RunningService;
  let analytics: RunningService;

  const HEPING = '2101.210102';
  const SHENHE = '2101.210103';
  const places = {
    a: { id: 'c-a', path: `${HEPING}.210102001.210102001001` }, // Heping district, street 001
    b: { id: 'c-b', path: `${HEPING}.210102002.210102002001` }, // Heping district, street 002
    c: { id: 'c-c', path: `${SHENHE}.210103001.210103001001` }, // Shenhe district
  };
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const hepingStaff = bearer(tokenFor({ role: 'district-staff', orgUnit: HEPING }));
  const street001 = bearer(tokenFor({ role: 'street-staff', orgUnit: `${HEPING}.210102001` }));
  const auditor = bearer(tokenFor({ role: 'auditor', orgUnit: '2101' }));
  const centreA = bearer(tokenFor({ role: 'centre-client', centreId: 'c-a' }));
  const visit = { visitId: 'v-1', residentId: 'r-1', activity: 'meal', checkInAt: `${VISIT_DAY}T02:00:00Z` };

  beforeAll(async () => {
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    analytics = await startService(analyticsService, testConfig('analytics', ns));
    for (const p of Object.values(places)) {
      await request(centres.url)
        .put(`/centres/${p.id}`)
        .set(admin)
        .send({ name: `Centre ${p.id}`, kind: 'day-care', communityPath: p.path, capacity: 20 })
        .expect(201);
    }
    // Centres accept visits only of residents their read model has read (ADR 0021).
    await seedResidents(ns, ['r-1'], places.a.path);
  });

  afterAll(async () => {
    await centres?.close();
    await analytics?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('refuses a request without a token, with a tampered token, or with an expired one (401)', async () => {
    const noToken = await request(centres.url).get('/centres/c-a').expect(401);
    expect(noToken.headers['content-type']).toContain('application/problem+json');
    // A street officer's genuine token, its claims raised to city-admin of the whole city, signature kept.
    const token = tokenFor({ role: 'street-staff', orgUnit: `${HEPING}.210102002` });
    const [head, body, sig] = token.split('.') as [string, string, string];
    await request(centres.url).get('/centres/c-a').set(bearer(token)).expect(404);
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const raised = Buffer.from(JSON.stringify({ ...claims, role: 'city-admin', orgUnit: '2101' })).toString(
      'base64url',
    );
    expect(raised).not.toBe(body);
    const forged = await request(centres.url)
      .get('/centres/c-a')
      .set(bearer(`${head}.${raised}.${sig}`))
      .expect(401);
    expect(forged.body.code).toBe('auth.invalid-token');
    await request(centres.url)
      .get('/centres/c-a')
      .set(bearer(`${head}.${body}.${sig.slice(0, -4)}AAAA`))
      .expect(401);
    const expired = tokenFor({ role: 'city-admin', orgUnit: '2101' }, -60);
    const res = await request(centres.url).get('/centres/c-a').set(bearer(expired)).expect(401);
    expect(res.body.detail).toContain('expired');
  });

  it('lets a centre read and write only its own data; another centre reads as not found', async () => {
    await request(centres.url).get('/centres/c-a').set(centreA).expect(200);
    await request(centres.url).get('/centres/c-b').set(centreA).expect(404);
    const list = await request(centres.url).get('/centres').set(centreA).expect(200);
    expect(list.body.items.map((c: { centreId: string }) => c.centreId)).toEqual(['c-a']);
    const own = await request(centres.url)
      .post('/centres/c-a/visits')
      .set(centreA)
      .send({ visits: [visit] })
      .expect(201);
    expect(own.body.results).toEqual([{ visitId: 'v-1', status: 'recorded' }]);
    const other = await request(centres.url)
      .post('/centres/c-b/visits')
      .set(centreA)
      .send({ visits: [visit] })
      .expect(404);
    expect(other.body.code).toBe('centre.not-found');
    await eventually(
      async () =>
        (
          await request(analytics.url)
            .get('/centre-visits/daily')
            .set(centreA)
            .query({ centreId: 'c-a', from: dayFromToday(-25), to: dayFromToday(0) })
        ).status,
      (s) => s === 200,
    );
    await request(analytics.url)
      .get('/centre-visits/daily')
      .set(centreA)
      .query({ centreId: 'c-b', from: dayFromToday(-25), to: dayFromToday(0) })
      .expect(404);
    // A centre may not register centres.
    await request(centres.url)
      .put('/centres/c-a')
      .set(centreA)
      .send({ name: 'x', kind: 'day-care', communityPath: places.a.path, capacity: 1 })
      .expect(403);
  });

  it('shows a district its own district only', async () => {
    const list = await request(centres.url).get('/centres').set(hepingStaff).expect(200);
    expect(list.body.items.map((c: { centreId: string }) => c.centreId)).toEqual(['c-a', 'c-b']);
    await request(centres.url).get('/centres/c-c').set(hepingStaff).expect(404);
    await eventually(
      async () =>
        (
          await request(analytics.url)
            .get('/centre-visits/daily')
            .set(hepingStaff)
            .query({ centreId: 'c-a', from: dayFromToday(-25), to: dayFromToday(0) })
        ).status,
      (s) => s === 200,
    );
    await request(analytics.url)
      .get('/centre-visits/daily')
      .set(hepingStaff)
      .query({ centreId: 'c-c', from: dayFromToday(-25), to: dayFromToday(0) })
      .expect(404);
    const outside = await request(centres.url)
      .put('/centres/c-new')
      .set(hepingStaff)
      .send({ name: 'x', kind: 'day-care', communityPath: `${SHENHE}.210103009`, capacity: 1 })
      .expect(403);
    expect(outside.body.code).toBe('scope.forbidden');
    // Re-registering another district's centre id does not reveal that it exists.
    await request(centres.url)
      .put('/centres/c-c')
      .set(hepingStaff)
      .send({ name: 'x', kind: 'day-care', communityPath: places.a.path, capacity: 1 })
      .expect(404);
  });

  it('shows a street its own street only', async () => {
    const list = await request(centres.url).get('/centres').set(street001).expect(200);
    expect(list.body.items.map((c: { centreId: string }) => c.centreId)).toEqual(['c-a']);
    await request(centres.url).get('/centres/c-b').set(street001).expect(404);
  });

  it('refuses the wrong role with 403: auditors do not register centres, staff do not report visits', async () => {
    const res = await request(centres.url)
      .put('/centres/c-x')
      .set(auditor)
      .send({ name: 'x', kind: 'day-care', communityPath: places.a.path, capacity: 1 })
      .expect(403);
    expect(res.body.code).toBe('auth.role-forbidden');
    await request(centres.url)
      .post('/centres/c-a/visits')
      .set(admin)
      .send({ visits: [visit] })
      .expect(403);
  });

  it('stops accepting a token as soon as its credentials are revoked', async () => {
    const token = bearer(
      tokenFor({ role: 'centre-client', centreId: 'c-a', sub: 'client-to-revoke', ver: 1 }),
    );
    await request(centres.url).get('/centres/c-a').set(token).expect(200);
    const kafka = createKafka(
      {
        clientId: 'revoker',
        brokers: KAFKA_BROKERS.split(','),
        topicPrefix: ns.topicPrefix,
        partitions: 1,
        replicationFactor: 1,
      },
      pino({ level: 'silent' }),
    );
    const producer = new EventProducer(kafka, ns.topicPrefix, pino({ level: 'silent' }));
    await producer.connect();
    await producer.publish([
      createEvent({
        type: 'credentials.revoked',
        source: 'test',
        subject: 'client-to-revoke',
        orgUnit: '2101',
        correlationId: 'revoke-1',
        payload: {
          subjectId: 'client-to-revoke',
          subjectKind: 'api-client',
          minVersion: 2,
          reason: 'revoked',
        },
      }),
    ]);
    await producer.disconnect();
    const status = await eventually(
      async () => (await request(centres.url).get('/centres/c-a').set(token)).status,
      (s) => s === 401,
    );
    expect(status).toBe(401);
    const fresh = bearer(
      tokenFor({ role: 'centre-client', centreId: 'c-a', sub: 'client-to-revoke', ver: 2 }),
    );
    await request(centres.url).get('/centres/c-a').set(fresh).expect(200);
  });
});

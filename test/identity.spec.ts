import request from 'supertest';
import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import { analyticsService } from '../apps/analytics/src/analytics.module.js';
import { centresService } from '../apps/centres/src/centres.module.js';
import { createStaffAccount } from '../apps/gateway/src/identity/account.usecases.js';
import { CredentialsRepository } from '../apps/gateway/src/identity/credentials.repository.js';
import { seedResidents } from '../apps/centres/test/residents-fixture.js';
import {
  bearer,
  dropDatabases,
  eventually,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { VISIT_DAY } from './support/dates.js';

/**
 * Sign-in, refresh, lockout, API clients and their revocation, scope through the
 * one base URL, and the audit trail — against the real broker and store.
 */
describe('gateway: identity, routing and audit', () => {
  const ns = uniqueNamespace();
  let centres: RunningService;
  let analytics: RunningService;
  let gateway: RunningService;
  const PASSWORD = 'a long demo passphrase';
  const HEPING = '2101.210102';

  const signIn = (username: string, password = PASSWORD) =>
    request(gateway.url).post('/auth/sign-in').send({ username, password });
  const tokenOf = async (username: string) => {
    const res = await signIn(username).expect(200);
    return bearer(res.body.accessToken as string);
  };

  beforeAll(async () => {
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    analytics = await startService(analyticsService, testConfig('analytics', ns));
    // Centres accept visits only of residents their read model has read (ADR 0021).
    await seedResidents(ns, ['r-1'], `${HEPING}.210102001.210102001001`);
    gateway = await startGateway(ns, {
      SERVICE_URLS: `centres=${centres.url},analytics=${analytics.url}`,
      LOCKOUT_THRESHOLD: '3',
      LOCKOUT_SECONDS: '600',
      BODY_LIMIT_BYTES: '65536',
      CORS_ORIGINS: 'https://dashboard.example',
    });
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'city.admin',
      password: PASSWORD,
      role: 'city-admin',
      orgUnit: '2101',
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await centres?.close();
    await analytics?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('signs staff in and refuses wrong passwords and unknown names alike', async () => {
    const ok = await signIn('city.admin').expect(200);
    expect(ok.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 600 });
    expect(typeof ok.body.refreshToken).toBe('string');
    const wrong = await signIn('city.admin', 'not the passphrase').expect(401);
    const unknown = await signIn('nobody.here').expect(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.body.code).toBe('auth.bad-credentials');
    await request(gateway.url).post('/auth/sign-in').send({ username: 'city.admin' }).expect(400);
  });

  it('rotates refresh tokens; a replayed one revokes every token of the account', async () => {
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'refresher',
      password: PASSWORD,
      role: 'auditor',
      orgUnit: '2101',
    });
    const first = await signIn('refresher').expect(200);
    const second = await request(gateway.url)
      .post('/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    await request(gateway.url)
      .get('/audit')
      .set(bearer(second.body.accessToken as string))
      .expect(200);
    const replay = await request(gateway.url)
      .post('/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(401);
    expect(replay.body.code).toBe('auth.invalid-refresh-token');
    await request(gateway.url)
      .get('/audit')
      .set(bearer(second.body.accessToken as string))
      .expect(401);
    await request(gateway.url)
      .post('/auth/refresh')
      .send({ refreshToken: second.body.refreshToken })
      .expect(401);
  });

  it('locks an account after repeated failures, even against the right password', async () => {
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'target',
      password: PASSWORD,
      role: 'street-staff',
      orgUnit: `${HEPING}.210102001`,
    });
    for (let i = 0; i < 3; i++) await signIn('target', 'guess number one').expect(401);
    const locked = await signIn('target').expect(429);
    expect(locked.body.code).toBe('auth.locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);
  });

  it('lets staff create accounts only within their unit and reach', async () => {
    const admin = await tokenOf('city.admin');
    await request(gateway.url)
      .post('/admin/staff')
      .set(admin)
      .send({ username: 'heping.district', password: PASSWORD, role: 'district-staff', orgUnit: HEPING })
      .expect(201);
    await request(gateway.url)
      .post('/admin/staff')
      .set(admin)
      .send({ username: 'auditor.one', password: PASSWORD, role: 'auditor', orgUnit: '2101' })
      .expect(201);
    const weak = await request(gateway.url)
      .post('/admin/staff')
      .set(admin)
      .send({ username: 'weak.one', password: 'short', role: 'auditor', orgUnit: '2101' })
      .expect(400);
    expect(weak.body.code).toBe('auth.weak-password');
    const district = await tokenOf('heping.district');
    const wider = await request(gateway.url)
      .post('/admin/staff')
      .set(district)
      .send({ username: 'x.admin', password: PASSWORD, role: 'city-admin', orgUnit: HEPING })
      .expect(403);
    expect(wider.body.code).toBe('auth.role-not-grantable');
    const elsewhere = await request(gateway.url)
      .post('/admin/staff')
      .set(district)
      .send({
        username: 'x.street',
        password: PASSWORD,
        role: 'street-staff',
        orgUnit: '2101.210103.210103001',
      })
      .expect(403);
    expect(elsewhere.body.code).toBe('scope.forbidden');
    const listed = await request(gateway.url).get('/admin/staff').set(district).expect(200);
    expect(listed.body.items.map((s: { username: string }) => s.username).sort()).toEqual([
      'heping.district',
      'target',
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('scrypt');
  });

  it('issues centre credentials, routes their requests by scope, and revokes them at once', async () => {
    const admin = await tokenOf('city.admin');
    for (const [id, path] of [
      ['c-a', `${HEPING}.210102001.210102001001`],
      ['c-b', `${HEPING}.210102002.210102002001`],
    ] as const) {
      await request(gateway.url)
        .put(`/api/centres/centres/${id}`)
        .set(admin)
        .send({ name: `Centre ${id}`, kind: 'day-care', communityPath: path, capacity: 10 })
        .expect(201);
    }
    // The gateway learns centres from their events; until then a centre is unknown to it.
    const issued = await eventually(
      () =>
        request(gateway.url).post('/admin/api-clients').set(admin).send({ kind: 'centre', centreId: 'c-a' }),
      (r) => r.status === 201,
    );
    const { clientId, clientSecret } = issued.body as { clientId: string; clientSecret: string };
    const wrongSecret = await request(gateway.url)
      .post('/auth/token')
      .send({ clientId, clientSecret: `${clientSecret}x` })
      .expect(401);
    expect(wrongSecret.body.code).toBe('auth.bad-client-credentials');
    const token = await request(gateway.url).post('/auth/token').send({ clientId, clientSecret }).expect(200);
    const centreA = bearer(token.body.accessToken as string);

    const visit = {
      visitId: 'gw-1',
      residentId: 'r-1',
      activity: 'meal',
      checkInAt: `${VISIT_DAY}T02:00:00Z`,
    };
    const reported = await request(gateway.url)
      .post('/api/centres/centres/c-a/visits')
      .set(centreA)
      .send({ visits: [visit] })
      .expect(201);
    expect(reported.body.results).toEqual([{ visitId: 'gw-1', status: 'recorded' }]);
    await request(gateway.url).get('/api/centres/centres/c-b').set(centreA).expect(404);
    await request(gateway.url)
      .post('/api/centres/centres/c-b/visits')
      .set(centreA)
      .send({ visits: [visit] })
      .expect(404);

    // Rotation: the old secret stops working, the new one works.
    const rotated = await request(gateway.url)
      .post(`/admin/api-clients/${clientId}/rotate`)
      .set(admin)
      .expect(200);
    await request(gateway.url).post('/auth/token').send({ clientId, clientSecret }).expect(401);
    const fresh = await request(gateway.url)
      .post('/auth/token')
      .send({ clientId, clientSecret: rotated.body.clientSecret })
      .expect(200);
    const freshToken = bearer(fresh.body.accessToken as string);
    // The token from before the rotation is refused at the gateway at once…
    const stale = await request(gateway.url).get('/api/centres/centres/c-a').set(centreA).expect(401);
    expect(stale.body.code).toBe('auth.revoked');
    // …and by the centres service itself as soon as the revocation event arrives.
    await eventually(
      async () => (await request(centres.url).get('/centres/c-a').set(centreA)).status,
      (s) => s === 401,
    );

    await request(gateway.url).post(`/admin/api-clients/${clientId}/revoke`).set(admin).expect(204);
    await request(gateway.url).get('/api/centres/centres/c-a').set(freshToken).expect(401);
    await request(gateway.url)
      .post('/auth/token')
      .send({ clientId, clientSecret: rotated.body.clientSecret })
      .expect(401);
  });

  it('refuses tampered and expired tokens at the edge, and limits body size', async () => {
    const token = tokenFor({ role: 'city-admin', orgUnit: '2101' });
    const [h, b, s] = token.split('.') as [string, string, string];
    const widened = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(b, 'base64url').toString()), orgUnit: '21' }),
    ).toString('base64url');
    await request(gateway.url)
      .get('/api/centres/centres')
      .set(bearer(`${h}.${widened}.${s}`))
      .expect(401);
    await request(gateway.url)
      .get('/api/centres/centres')
      .set(bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }, -30)))
      .expect(401);
    const big = await request(gateway.url)
      .post('/api/centres/centres/c-a/visits')
      .set(bearer(token))
      .set('content-type', 'application/json')
      .send(JSON.stringify({ visits: [], padding: 'x'.repeat(70_000) }))
      .expect(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
  });

  it('sends security headers and answers CORS only for configured origins', async () => {
    const res = await request(gateway.url).get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const allowed = await request(gateway.url)
      .options('/auth/sign-in')
      .set('origin', 'https://dashboard.example')
      .set('access-control-request-method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example');
    const other = await request(gateway.url)
      .options('/auth/sign-in')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps an audit trail that auditors can read and other staff cannot', async () => {
    const auditor = await tokenOf('auditor.one');
    type Entry = { action: string; route: string | null; service: string; targets: string[] };
    const wanted = [
      'auth.sign-in',
      'auth.sign-in-failed',
      'auth.locked',
      'staff.created',
      'client.issued',
      'client.rotated',
      'client.revoked',
      'auth.client-token',
      'auth.refresh-replayed',
      'record.written',
    ];
    // Entries travel through each service's outbox and the audit topic: they arrive shortly after.
    const entries = await eventually(
      async () =>
        (await request(gateway.url).get('/audit').set(auditor).query({ limit: 500 }).expect(200)).body as {
          items: Entry[];
        },
      (page) => wanted.every((action) => page.items.some((e) => e.action === action)),
    );
    const writes = entries.items.filter((e) => e.action === 'record.written' && e.service === 'centres');
    expect(writes.map((w) => w.route)).toContain('POST /centres/:centreId/visits');
    expect(writes.flatMap((w) => w.targets)).toContain('c-a');
    expect(JSON.stringify(entries)).not.toMatch(/passphrase|sec_|scrypt/);
    const district = await tokenOf('heping.district');
    await request(gateway.url).get('/audit').set(district).expect(403);
  });

  it('serves one OpenAPI document for the whole platform', async () => {
    const doc = await request(gateway.url).get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/auth/sign-in',
        '/admin/api-clients',
        '/api/centres/centres/{centreId}/visits',
        '/api/analytics/centre-visits/daily',
      ]),
    );
  });
});

import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startGateway } from './gateway-under-test.js';
import { bearer, dropDatabases, tokenFor, uniqueNamespace, type RunningService } from '#anlao/testing';

describe('gateway rate limits', () => {
  const ns = uniqueNamespace();
  let gateway: RunningService;

  beforeAll(async () => {
    gateway = await startGateway(ns, {
      SERVICE_URLS: 'centres=http://127.0.0.1:9',
      RATE_LIMIT_PER_MINUTE: '5',
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('answers 429 with Retry-After and problem+json past the limit, per caller, never for health probes', async () => {
    for (let i = 0; i < 5; i++) await request(gateway.url).get('/auth/verification-key').expect(200);
    const limited = await request(gateway.url).get('/auth/verification-key').expect(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body.code).toBe('request.rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Another caller (its own token) has its own budget; an unreachable service answers 502 problem+json.
    const other = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
    const upstream = await request(gateway.url).get('/api/centres/centres').set(other).expect(502);
    expect(upstream.body.code).toBe('upstream.unavailable');

    for (let i = 0; i < 10; i++) await request(gateway.url).get('/health').expect(200);
  });
});

describe('gateway rate-limit keys: nothing the caller writes picks the budget', () => {
  const ns = uniqueNamespace();
  let gateway: RunningService;

  beforeAll(async () => {
    gateway = await startGateway(ns, {
      SERVICE_URLS: 'centres=http://127.0.0.1:9',
      RATE_LIMIT_PER_MINUTE: '5',
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('keys anonymous callers by their address: spoofed X-Forwarded-For and bearer garbage spend the same budget', async () => {
    for (let i = 0; i < 5; i++)
      await request(gateway.url)
        .get('/auth/verification-key')
        .set('x-forwarded-for', `198.51.100.${i}`)
        .expect(200);
    const escapes = [
      { 'x-forwarded-for': '203.0.113.77' },
      { 'x-forwarded-for': '203.0.113.78, 10.0.0.1', 'x-real-ip': '203.0.113.78' },
      { authorization: `Bearer ${randomBytes(24).toString('base64url')}` },
      { authorization: `bearer ${randomBytes(24).toString('base64url')}` },
      { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln' },
      { authorization: `Basic ${randomBytes(12).toString('base64')}` },
    ];
    for (const headers of escapes) {
      const res = await request(gateway.url)
        .post('/auth/sign-in')
        .set(headers)
        .send({ username: 'a.b', password: 'c' });
      expect([JSON.stringify(headers), res.status, res.body.code]).toEqual([
        JSON.stringify(headers),
        429,
        'request.rate-limited',
      ]);
    }
  });

  it('gives a verified caller, however it spells the scheme, its own budget', async () => {
    const token = tokenFor({ role: 'city-admin', orgUnit: '2101' });
    for (let i = 0; i < 5; i++)
      await request(gateway.url)
        .get('/auth/verification-key')
        .set('authorization', `bearer ${token}`)
        .expect(200);
    await request(gateway.url)
      .get('/auth/verification-key')
      .set('authorization', `Bearer ${token}`)
      .expect(429);
  });
});

describe('gateway behind a trusted proxy: per address, and sign-in per username across addresses', () => {
  const ns = uniqueNamespace();
  let gateway: RunningService;
  const signIn = (from: string, username: string) =>
    request(gateway.url)
      .post('/auth/sign-in')
      .set('x-forwarded-for', from)
      .send({ username, password: 'not the passphrase' });

  beforeAll(async () => {
    gateway = await startGateway(ns, {
      SERVICE_URLS: 'centres=http://127.0.0.1:9',
      RATE_LIMIT_PER_MINUTE: '5',
      SIGN_IN_PER_USERNAME_PER_MINUTE: '3',
      // The test client connects from loopback; as the only trusted proxy it may name other addresses.
      TRUSTED_PROXIES: '127.0.0.1,::1',
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('believes X-Forwarded-For from a trusted proxy: each client address has its own budget', async () => {
    for (let i = 0; i < 5; i++)
      await request(gateway.url)
        .get('/auth/verification-key')
        .set('x-forwarded-for', '192.0.2.1')
        .expect(200);
    await request(gateway.url).get('/auth/verification-key').set('x-forwarded-for', '192.0.2.1').expect(429);
    await request(gateway.url).get('/auth/verification-key').set('x-forwarded-for', '192.0.2.2').expect(200);
  });

  it('limits sign-in attempts per username, whatever the address and the letter case', async () => {
    for (let i = 1; i <= 3; i++) expect((await signIn(`198.51.100.${i}`, 'victim.user')).status).toBe(401);
    const limited = await signIn('198.51.100.4', 'Victim.User');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body.code).toBe('auth.sign-in-rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(limited.body)).not.toContain('victim');
    // Another username from the same address is not affected.
    expect((await signIn('198.51.100.4', 'someone.else')).status).toBe(401);
  });
});

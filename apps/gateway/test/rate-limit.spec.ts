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

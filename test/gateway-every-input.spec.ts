import request from 'supertest';
import { centresService } from '../apps/centres/src/centres.module.js';
import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import { chunkedRequest, rawHttp } from './support/raw-http.js';
import {
  bearer,
  dropDatabases,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

const PROBLEM = 'application/problem+json';

/**
 * Findings 7 and 9 of the security review at the gateway: its own routes (public
 * sign-in included) and its edge answer bad input with 4xx problem+json.
 */
describe('every input, at the gateway', () => {
  const ns = uniqueNamespace();
  let gateway: RunningService;
  let centres: RunningService;
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));

  beforeAll(async () => {
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    gateway = await startGateway(ns, { SERVICE_URLS: `centres=${centres.url}` });
  });

  afterAll(async () => {
    await gateway?.close();
    await centres?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('answers 400, not 500, to a sign-in with a field nested 5,000 deep', async () => {
    const body = `{"username":"someone","password":"long-enough-password","x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    const res = await request(gateway.url)
      .post('/auth/sign-in')
      .set('content-type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(res.body.code).toBe('request.too-deep');
  });

  it('refuses control characters in the public sign-in body', async () => {
    const res = await request(gateway.url)
      .post('/auth/sign-in')
      .send({ username: 'some\u0000one', password: 'long-enough-password' })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['username']);
  });

  it("answers 405 with Allow on the gateway's own routes", async () => {
    const res = await request(gateway.url).get('/auth/sign-in').expect(405);
    // OPTIONS: the CORS preflight route answers every path.
    expect(res.headers.allow).toBe('OPTIONS, POST');
    expect(res.headers['content-type']).toContain(PROBLEM);
    await request(gateway.url).put('/auth/token').expect(405);
    // The CORS preflight route matches every path; an unknown path is still 404.
    const unknown = await request(gateway.url).get('/no-such-thing').expect(404);
    expect(unknown.headers['content-type']).toContain(PROBLEM);
  });

  it('answers 414 and 431 as problem+json', async () => {
    const longUrl = await request(gateway.url)
      .get(`/api/centres/centres?x=${'a'.repeat(9_000)}`)
      .set(admin);
    expect(longUrl.status).toBe(414);
    expect(longUrl.headers['content-type']).toContain(PROBLEM);
    const headers = await rawHttp(
      gateway.url,
      `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(headers.status).toBe(431);
    expect(headers.headers['content-type']).toContain(PROBLEM);
  });

  it('answers 413, not 502, to an oversized chunked body on a proxied route', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    const res = await rawHttp(
      gateway.url,
      chunkedRequest(
        'POST',
        '/api/centres/centres/c-1/visits',
        { 'content-type': 'application/json', authorization: admin.authorization },
        big,
      ),
      15_000,
    );
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain(PROBLEM);
  });
});

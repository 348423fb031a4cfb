import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { RevocationList } from '#anlao/auth';
import { bearer, dropDatabases, tokenFor, uniqueNamespace, type RunningService } from '#anlao/testing';
import { startGateway } from './gateway-under-test.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An upstream that answers 200 to everything and remembers what reached it. */
async function recordingUpstream(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Streams `total` bytes without a content-length (chunked) and reports the answer. */
function sendChunked(
  url: string,
  total: number,
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/centres/centres/c-1/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }),
      );
    });
    // The gateway may close the connection once it has answered; that is not a failure.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = (): void => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('gateway edge: credentials, bodies and correlation ids before anything is routed on', () => {
  const ns = uniqueNamespace();
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let gateway: RunningService;

  beforeAll(async () => {
    upstream = await recordingUpstream();
    gateway = await startGateway(ns, { SERVICE_URLS: `centres=${upstream.url}` });
  });

  afterAll(async () => {
    await gateway?.close();
    await new Promise((resolve) => upstream?.server.close(resolve));
    await dropDatabases(ns.dbPrefix);
  });

  /** A token the gateway has seen revoked (as if `credentials.revoked` had been read) and a service may not have yet. */
  const revokedToken = (subject: string): string => {
    gateway.app.get(RevocationList).apply(subject, 2);
    return tokenFor({ sub: subject, ver: 1, role: 'city-admin', orgUnit: '2101' });
  };

  it.each(['bearer', 'BEARER', 'Bearer'])(
    'refuses a revoked token under the scheme spelling %s, and the service never sees it',
    async (scheme) => {
      const token = revokedToken(`s-revoked-${scheme}`);
      const before = upstream.seen.length;
      const res = await request(gateway.url)
        .post('/api/centres/centres/c-1/visits')
        .set('authorization', `${scheme} ${token}`)
        .send({ visits: [] })
        .expect(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('auth.revoked');
      expect(upstream.seen.length).toBe(before);
    },
  );

  it('verifies credentials presented on public routes too', async () => {
    const revoked = revokedToken('s-revoked-public');
    for (const call of [
      request(gateway.url).get('/auth/verification-key').set('authorization', `bearer ${revoked}`),
      request(gateway.url)
        .post('/auth/sign-in')
        .set('authorization', `bearer ${revoked}`)
        .send({ username: 'nobody.here', password: 'a long demo passphrase' }),
      request(gateway.url).get('/api/centres/docs/openapi.json').set('authorization', `bearer ${revoked}`),
    ]) {
      const res = await call.expect(401);
      expect(res.body.code).toBe('auth.revoked');
    }
    const forged = await request(gateway.url)
      .get('/auth/verification-key')
      .set('authorization', 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln')
      .expect(401);
    expect(forged.body.code).toBe('auth.invalid-token');
    const basic = await request(gateway.url)
      .get('/auth/verification-key')
      .set('authorization', 'Basic dXNlcjpwYXNz')
      .expect(401);
    expect(basic.headers['content-type']).toContain('application/problem+json');
    expect(basic.body.code).toBe('auth.unsupported-scheme');
    await request(gateway.url).get('/auth/verification-key').expect(200);
  });

  it('forwards a lower-case bearer token to the service in its canonical spelling', async () => {
    const token = tokenFor({ role: 'city-admin', orgUnit: '2101' });
    await request(gateway.url)
      .get('/api/centres/centres')
      .set('authorization', `bearer ${token}`)
      .expect(200);
    expect(upstream.seen.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('answers a 10 MB chunked body with 413 problem+json and sends nothing upstream', async () => {
    const before = upstream.seen.length;
    const res = await sendChunked(gateway.url, 10 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(res.contentType).toContain('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, code: 'request.too-large' });
    expect(upstream.seen.length).toBe(before);
  });

  it('passes bodies within the limit on byte for byte, whatever their type', async () => {
    const token = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
    const json = '{"visits":[],  "b":"\\u00e9"}';
    await request(gateway.url)
      .post('/api/centres/centres/c-1/visits')
      .set(token)
      .set('content-type', 'application/json')
      .send(json)
      .expect(200);
    expect(upstream.seen.at(-1)?.body.toString()).toBe(json);
    const csv = 'code,name\n2101,City\n';
    await request(gateway.url)
      .post('/api/centres/import')
      .set(token)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(upstream.seen.at(-1)).toMatchObject({ method: 'POST', url: '/import' });
    expect(upstream.seen.at(-1)?.headers['content-type']).toBe('text/csv');
    expect(upstream.seen.at(-1)?.body.toString()).toBe(csv);
  });

  it('keeps a well-formed correlation id and replaces any other, for the caller and the service alike', async () => {
    const token = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
    const kept = await request(gateway.url)
      .get('/api/centres/centres')
      .set(token)
      .set('x-correlation-id', 'try-1:a.b_c')
      .expect(200);
    expect(kept.headers['x-correlation-id']).toBe('try-1:a.b_c');
    expect(upstream.seen.at(-1)?.headers['x-correlation-id']).toBe('try-1:a.b_c');

    for (const bad of ['a b', '${jndi:ldap://x}', 'x'.repeat(129), '"><script>', 'a,b']) {
      const res = await request(gateway.url)
        .get('/api/centres/centres')
        .set(token)
        .set('x-correlation-id', bad)
        .expect(200);
      const replaced = res.headers['x-correlation-id'];
      expect(replaced).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(replaced).not.toBe(bad);
      expect(upstream.seen.at(-1)?.headers['x-correlation-id']).toBe(replaced);
    }
  });

  it.each([
    '/%61pi/centres/centres',
    '/api/centres/%63entres',
    '/api/centres/./centres',
    '/api/centres/../centres/centres',
    '/api//centres/centres',
    '/api/centres//centres',
    '/api%2Fcentres/centres',
  ])('refuses %s with 400 before routing, even with a valid token', async (path) => {
    const before = upstream.seen.length;
    const res = await request(gateway.url)
      .get(path)
      .set(bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' })))
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('request.non-canonical-path');
    expect(upstream.seen.length).toBe(before);
  });
});

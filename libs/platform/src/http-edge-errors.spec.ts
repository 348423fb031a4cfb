import Fastify from 'fastify';
import { frameworkErrorHandler, installEdgeChecks, MAX_URL_LENGTH } from './http-edge-errors.js';

async function server() {
  const app = Fastify({ frameworkErrors: frameworkErrorHandler });
  installEdgeChecks(app);
  app.get('/centres/:centreId', () => ({ ok: true }));
  app.put('/centres/:centreId', () => ({ ok: true }));
  app.post('/centres/:centreId/visits', () => ({ ok: true }));
  app.options('*', () => '');
  // Over HTTP rather than `inject`: light-my-request needs an ES module Jest cannot require here.
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  open.push(app);
  return { app, url };
}

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

describe('edge checks', () => {
  it.each([
    ['DELETE', '/centres/c-1', 405, 'GET, HEAD, OPTIONS, PUT'],
    ['GET', '/centres/c-1/visits', 405, 'OPTIONS, POST'],
    ['PATCH', '/centres/c-1?x=1', 405, 'GET, HEAD, OPTIONS, PUT'],
    ['GET', '/centres/c-1', 200, undefined],
    ['GET', '/elsewhere', 404, undefined],
    ['DELETE', '/centres', 404, undefined],
    ['GET', '/centres/c-1/visits/extra', 404, undefined],
  ])('%s %s answers %p (Allow %p)', async (method, url, status, allow) => {
    const { url: base } = await server();
    const res = await fetch(`${base}${url}`, { method });
    expect(res.status).toBe(status);
    expect(res.headers.get('allow') ?? undefined).toBe(allow);
    if (status === 405) {
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({
        status: 405,
        code: 'route.method-not-allowed',
        instance: url.split('?')[0],
      });
    }
  });

  it('answers over-long URLs and route parameters with 414 problem+json', async () => {
    const { url: base } = await server();
    for (const url of [`/centres/${'c'.repeat(200)}`, `/centres/c-1?q=${'a'.repeat(MAX_URL_LENGTH)}`]) {
      const res = await fetch(`${base}${url}`);
      expect(res.status).toBe(414);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'request.uri-too-long' });
    }
  });
});

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startGateway } from './gateway-under-test.js';
import { dropDatabases, uniqueNamespace, type RunningService } from '#anlao/testing';

describe('gateway: the dashboard at /', () => {
  const ns = uniqueNamespace();
  const dir = mkdtempSync(join(tmpdir(), 'anlao-dashboard-'));
  let gateway: RunningService;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>Anlao</title><script src="/assets/index-abc.js"></script>',
    );
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    gateway = await startGateway(ns, {
      SERVICE_URLS: 'centres=http://127.0.0.1:9',
      DASHBOARD_DIR: dir,
      RATE_LIMIT_PER_MINUTE: '5',
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await dropDatabases(ns.dbPrefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / (revalidated) and hashed files under /assets/ (cached), with a strict CSP', async () => {
    const page = await request(gateway.url).get('/').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.text).toContain('/assets/index-abc.js');

    const script = await request(gateway.url).get('/assets/index-abc.js').expect(200);
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.headers['content-type']).toContain('javascript');
  });

  it('serves a file added after start (a rebuilt dashboard) and answers a missing one with a 404 problem', async () => {
    writeFileSync(join(dir, 'assets', 'index-def.js'), 'console.log(2)');
    await request(gateway.url).get('/assets/index-def.js').expect(200);
    const missing = await request(gateway.url).get('/assets/nothing-here.js').expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const escape = await request(gateway.url).get('/assets/%2e%2e/index.html').expect(400);
    expect(escape.body.code).toBe('request.non-canonical-path');
  });

  it('never rate-limits the dashboard files (a whole office shares one address), still limits the API', async () => {
    for (let i = 0; i < 12; i++) {
      await request(gateway.url).get('/').expect(200);
      await request(gateway.url).get('/assets/index-abc.js').expect(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await request(gateway.url).get('/auth/verification-key')).status);
    expect(statuses).toContain(429);
  });

  it('does not answer other methods on the dashboard routes', async () => {
    const res = await request(gateway.url)
      .post('/')
      .send({})
      .expect((r) => expect([404, 405]).toContain(r.status));
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('gateway without a built dashboard', () => {
  const ns = uniqueNamespace();
  let gateway: RunningService;

  beforeAll(async () => {
    gateway = await startGateway(ns, {
      SERVICE_URLS: 'centres=http://127.0.0.1:9',
      DASHBOARD_DIR: join(tmpdir(), 'anlao-no-dashboard-here'),
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('answers / with a 404 problem and keeps serving the API', async () => {
    const res = await request(gateway.url).get('/').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    await request(gateway.url).get('/auth/verification-key').expect(200);
  });
});

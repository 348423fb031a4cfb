import request from 'supertest';
import { analyticsService } from '../apps/analytics/src/analytics.module.js';
import { chunkedRequest, rawHttp } from './support/raw-http.js';
import { centresService } from '../apps/centres/src/centres.module.js';
import {
  bearer,
  dropDatabases,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { VISIT_DAY } from './support/dates.js';

const PROBLEM = 'application/problem+json';

/**
 * Findings 7-9 of the security review on the centres and analytics services:
 * every bad input is a 4xx problem+json naming what is wrong, never a 500,
 * never accepted.
 */
describe('every input, on centres and analytics', () => {
  const ns = uniqueNamespace();
  let centres: RunningService;
  let analytics: RunningService;
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const centre = bearer(tokenFor({ role: 'centre-client', centreId: 'c-in' }));
  const PATH = '2101.210102.210102001.210102001001';
  const visit = { visitId: 'v-1', residentId: 'r-1', activity: 'meal', checkInAt: `${VISIT_DAY}T02:00:00Z` };
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    analytics = await startService(analyticsService, testConfig('analytics', ns));
    await request(centres.url)
      .put('/centres/c-in')
      .set(admin)
      .send({ name: 'Centre', kind: 'day-care', communityPath: PATH, capacity: 20 })
      .expect(201);
  });

  afterAll(async () => {
    await centres?.close();
    await analytics?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('answers 400, not 500, to a visit list holding a list', async () => {
    const res = await request(centres.url)
      .post('/centres/c-in/visits')
      .set(centre)
      .send({ visits: [[]] });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(fieldsOf(res.body)).toContain('visits');
  });

  it.each([
    ['year 0999', '0999-11-20T02:00:00Z'],
    ['year 1900', '1900-11-20T02:00:00Z'],
    ['no zone', '2026-11-20T02:00:00'],
    ['30 February', '2026-02-30T02:00:00Z'],
    ['a week ahead', new Date(Date.now() + 7 * 86_400_000).toISOString()],
  ])('refuses a check-in in %s', async (_case, checkInAt) => {
    const res = await request(centres.url)
      .post('/centres/c-in/visits')
      .set(centre)
      .send({ visits: [{ ...visit, visitId: `v-${checkInAt.slice(0, 4)}`, checkInAt }] })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['visits.0.checkInAt']);
  });

  it('refuses a centre in a community path that is not made of nested codes', async () => {
    for (const communityPath of ['2101.210102.nowhere', '2101.310102', '2101..210102']) {
      const res = await request(centres.url)
        .put('/centres/c-nowhere')
        .set(admin)
        .send({ name: 'Nowhere', kind: 'day-care', communityPath, capacity: 1 })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['communityPath']);
    }
    await request(centres.url).get('/centres/c-nowhere').set(admin).expect(404);
  });

  it('refuses control characters in any text field, body or query, naming the field', async () => {
    for (const name of ['Centre\u0000', 'Cen\u001btre', 'Centre\u0085', 'Line\nbreak']) {
      const res = await request(centres.url)
        .put('/centres/c-ctl')
        .set(admin)
        .send({ name, kind: 'day-care', communityPath: PATH, capacity: 1 })
        .expect(400);
      expect(res.headers['content-type']).toContain(PROBLEM);
      expect(fieldsOf(res.body)).toEqual(['name']);
      expect(JSON.stringify(res.body)).not.toContain(name);
    }
    const query = await request(analytics.url)
      .get('/centre-visits/daily')
      .set(admin)
      .query({ centreId: 'c-in\u0000', from: '2026-11-01', to: '2026-11-30' })
      .expect(400);
    expect(fieldsOf(query.body)).toEqual(['centreId']);
  });

  it.each([
    ['from', { from: '2026-02-31', to: '2026-03-10' }],
    ['from', { from: '2026-13-01', to: '2026-12-31' }],
    ['to', { from: '2026-11-01', to: '9999-99-99' }],
    ['to', { from: '2026-11-30', to: '2026-11-01' }],
    ['to', { from: '2025-01-01', to: '2026-12-31' }],
  ])('refuses a report period with a bad %s', async (field, period) => {
    const res = await request(analytics.url)
      .get('/centre-visits/daily')
      .set(admin)
      .query({ centreId: 'c-in', ...period })
      .expect(400);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(fieldsOf(res.body)).toContain(field);
  });

  it('refuses JSON nested too deep before parsing it, and oversized bodies, chunked or not', async () => {
    const deep = `{"visits":[],"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const res = await request(centres.url)
      .post('/centres/c-in/visits')
      .set(centre)
      .set('content-type', 'application/json')
      .send(deep)
      .expect(400);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(res.body.code).toBe('request.too-deep');

    const big = Buffer.from(JSON.stringify({ visits: [visit], pad: 'x'.repeat(2 * 1024 * 1024) }));
    const chunked = await rawHttp(
      centres.url,
      chunkedRequest(
        'POST',
        '/centres/c-in/visits',
        { 'content-type': 'application/json', authorization: centre.authorization },
        big,
      ),
    );
    expect(chunked.status).toBe(413);
    expect(chunked.headers['content-type']).toContain(PROBLEM);
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const res = await request(centres.url).delete('/centres/c-in').set(admin).expect(405);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(res.headers.allow).toBe('GET, HEAD, PATCH, PUT');
    expect(res.body.code).toBe('route.method-not-allowed');
    const visits = await request(centres.url).delete('/centres/c-in/visits').set(admin).expect(405);
    expect(visits.headers.allow).toBe('GET, HEAD, POST');
    await request(analytics.url).post('/centre-visits/daily').set(admin).expect(405);
    // An unknown path is still 404.
    const unknown = await request(centres.url).delete('/no-such-thing').set(admin).expect(404);
    expect(unknown.headers['content-type']).toContain(PROBLEM);
  });

  it('answers 414 and 431 as problem+json', async () => {
    const longParam = await request(centres.url)
      .get(`/centres/${'c'.repeat(500)}`)
      .set(admin);
    expect(longParam.status).toBe(414);
    expect(longParam.headers['content-type']).toContain(PROBLEM);
    const longUrl = await request(centres.url)
      .get(`/centres?after=c-1&x=${'a'.repeat(9_000)}`)
      .set(admin);
    expect(longUrl.status).toBe(414);
    expect(longUrl.headers['content-type']).toContain(PROBLEM);
    const headers = await rawHttp(
      centres.url,
      `GET /centres HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(headers.status).toBe(431);
    expect(headers.headers['content-type']).toContain(PROBLEM);
    expect(JSON.parse(headers.body)).toMatchObject({ status: 431, code: 'request.headers-too-large' });
  });
});

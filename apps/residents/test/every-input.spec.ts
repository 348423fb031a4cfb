import request from 'supertest';
import { localDay } from '#anlao/platform';
import { nationalId, personFixture } from './fixtures.js';
import { startResidents } from './residents-under-test.js';
import { bearer, dropDatabases, tokenFor, uniqueNamespace, type RunningService } from '#anlao/testing';

const PROBLEM = 'application/problem+json';

/**
 * Findings 7-8 of the security review on the residents service: impossible
 * dates, control characters, bad codes and non-CSV imports are refused with
 * 4xx problem+json naming the field, never a 500, never stored.
 */
describe('every input, on residents', () => {
  const ns = uniqueNamespace();
  let residents: RunningService;
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const today = localDay(new Date(), 'Asia/Shanghai');
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
  const person = personFixture;
  let residentId: string;

  beforeAll(async () => {
    residents = await startResidents(ns);
    await request(residents.url)
      .post('/org-units/import')
      .set(admin)
      .set('content-type', 'text/csv')
      .send(
        [
          'code,name,level,parentCode',
          '2101,沈阳市,city,',
          '210102,和平区,district,2101',
          '210102001,长白街道,street,210102',
          '210102001001,长白社区,community,210102001',
        ].join('\n'),
      )
      .expect(200);
    const registered = await request(residents.url)
      .post('/residents')
      .set(admin)
      .send(person(nationalId('1940-03-15', 21)))
      .expect(201);
    residentId = registered.body.residentId as string;
  });

  afterAll(async () => {
    await residents?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it.each(['2026-02-30', '2026-13-01', '9999-99-99', '2026-2-1'])(
    'refuses reassessment for day %s with 400, not 500',
    async (date) => {
      const res = await request(residents.url).post('/eligibility/reassessments').set(admin).send({ date });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain(PROBLEM);
      expect(fieldsOf(res.body)).toEqual(['date']);
    },
  );

  it('refuses an impossible or future day of death, and stores nothing', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const diedOn of ['2026-02-30', '2026-13-01', tomorrow, '1899-12-31']) {
      const res = await request(residents.url)
        .post(`/residents/${residentId}/death`)
        .set(admin)
        .send({ diedOn })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['diedOn']);
    }
    const stored = await request(residents.url).get(`/residents/${residentId}`).set(admin).expect(200);
    expect(stored.body.status).toBe('active');
  });

  it('refuses NUL and control characters in names, through PATCH and POST alike', async () => {
    for (const name of ['王\u0000秀英', '王秀英\u0007', '王\u009b秀英', '王秀英\n']) {
      const patched = await request(residents.url)
        .patch(`/residents/${residentId}`)
        .set(admin)
        .send({ name })
        .expect(400);
      expect(patched.headers['content-type']).toContain(PROBLEM);
      expect(fieldsOf(patched.body)).toEqual(['name']);
    }
    const posted = await request(residents.url)
      .post('/residents')
      .set(admin)
      .send(person(nationalId('1941-04-16', 23), { address: 'a\u0000b' }))
      .expect(400);
    expect(fieldsOf(posted.body)).toEqual(['address']);
    const unnamed = await request(residents.url)
      .patch(`/residents/${residentId}`)
      .set(admin)
      .send({ name: null })
      .expect(400);
    expect(fieldsOf(unnamed.body)).toEqual(['name']);
    const stored = await request(residents.url).get(`/residents/${residentId}`).set(admin).expect(200);
    expect(stored.body.name).toBe('王秀英');
  });

  it.each([[null], ['x'], [''], ['MALE'], [1], [['male']]])('refuses sex %p', async (sex) => {
    const res = await request(residents.url)
      .post('/residents')
      .set(admin)
      .send(person(nationalId('1942-05-17', 25), { sex }))
      .expect(400);
    expect(fieldsOf(res.body)).toContain('sex');
  });

  it('refuses birth dates that are not real days, before 1900 or in the future', async () => {
    for (const birthDate of ['1942-02-30', '1899-12-31', `${Number(today.slice(0, 4)) + 1}-01-01`]) {
      const res = await request(residents.url)
        .post('/residents')
        .set(admin)
        .send(person(nationalId('1942-05-17', 27), { birthDate }))
        .expect(400);
      expect(fieldsOf(res.body)).toContain('birthDate');
    }
  });

  it('refuses an org-unit import that is not a CSV file with a header', async () => {
    const json = await request(residents.url).post('/org-units/import').set(admin).send({}).expect(415);
    expect(json.headers['content-type']).toContain(PROBLEM);
    const braces = await request(residents.url)
      .post('/org-units/import')
      .set(admin)
      .set('content-type', 'text/csv')
      .send('{}')
      .expect(400);
    expect(braces.body.code).toBe('csv.columns');
    await request(residents.url).post('/residents/import').set(admin).send({ rows: [] }).expect(415);
  });

  it('refuses org-unit codes that are not nested division codes', async () => {
    const letters = await request(residents.url)
      .post('/org-units')
      .set(admin)
      .send({ code: 'nowhere', name: '无', level: 'street', parentCode: '210102' })
      .expect(400);
    expect(fieldsOf(letters.body)).toEqual(['code']);
    const notNested = await request(residents.url)
      .post('/org-units')
      .set(admin)
      .send({ code: '310102009', name: '外', level: 'street', parentCode: '210102' })
      .expect(400);
    expect(fieldsOf(notNested.body)).toEqual(['code']);
    await request(residents.url).get('/residents').set(admin).query({ community: 'a.b' }).expect(400);
  });

  it('answers 405 with Allow on resident routes', async () => {
    const res = await request(residents.url).delete(`/residents/${residentId}`).set(admin).expect(405);
    expect(res.headers.allow).toBe('GET, HEAD, PATCH');
    expect(res.headers['content-type']).toContain(PROBLEM);
  });
});

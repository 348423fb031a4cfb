import { MongoClient } from 'mongodb';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { topicName, Topics } from '#anlao/events';
import { addDays, localDay } from '#anlao/platform';
import { centresService } from '../src/centres.module.js';
import {
  bearer,
  dropDatabases,
  eventually,
  MONGO_URL,
  readWholeTopic,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { seedResidents } from './residents-fixture.js';

const PROBLEM = 'application/problem+json';
const TZ = 'Asia/Shanghai'; // the tests' configured TIME_ZONE (the default)

/**
 * The visit queries against the real store: a day's list, occupancy now and over a day,
 * a resident's history across centres, the CSV export, each scoped to the caller.
 * Fixed-time visits lie two and three days back (a day wholly past, whatever the hour the
 * test runs); visits relative to now serve occupancy, at their own centre.
 */
describe('visit queries', () => {
  const ns = uniqueNamespace();
  const PATH = '2101.210102.210102001.210102001001';
  const FAR = '2101.210103.210103001.210103001001';
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const street = bearer(tokenFor({ role: 'street-staff', orgUnit: '2101.210102.210102001' }));
  const otherDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210103' }));
  const thirdDistrict = bearer(tokenFor({ role: 'auditor', orgUnit: '2101.210104' }));
  const clientA = bearer(tokenFor({ role: 'centre-client', centreId: 'c-qa' }));
  const clientB = bearer(tokenFor({ role: 'centre-client', centreId: 'c-qb' }));
  const clientC = bearer(tokenFor({ role: 'centre-client', centreId: 'c-qc' }));
  const today = localDay(new Date(), TZ);
  const D2 = addDays(today, -2);
  const D3 = addDays(today, -3);
  const bj = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
  const iso = (day: string, hhmm: string) => new Date(bj(day, hhmm)).toISOString();
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const visit = (visitId: string, residentId: string, activity: string, inAt: string, outAt?: string) => ({
    visitId,
    residentId,
    activity,
    checkInAt: inAt,
    ...(outAt ? { checkOutAt: outAt } : {}),
  });
  let centres: RunningService;
  const get = (path: string, auth: Record<string, string>) => request(centres.url).get(path).set(auth);
  const ids = (body: { items: { visitId: string }[] }) => body.items.map((i) => i.visitId);

  beforeAll(async () => {
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    for (const [id, communityPath, capacity] of [
      ['c-qa', PATH, 20],
      ['c-qb', PATH, 8],
      ['c-qc', FAR, 10],
    ] as const) {
      await request(centres.url)
        .put(`/centres/${id}`)
        .set(admin)
        .send({ name: id, kind: 'day-care', communityPath, capacity })
        .expect(201);
    }
    await seedResidents(ns, ['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6'], PATH);
    const record = async (centreId: string, auth: Record<string, string>, visits: unknown[]) => {
      const res = await request(centres.url).post(`/centres/${centreId}/visits`).set(auth).send({ visits });
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(visits.map(() => 'recorded'));
    };
    await record('c-qa', clientA, [
      visit('m1', 'r-1', 'meal', bj(D2, '09:00'), bj(D2, '11:00')),
      visit('void1', 'r-3', 'meal', bj(D2, '09:15'), bj(D2, '12:00')),
      visit('m2', 'r-2', 'recreation', bj(D2, '09:30'), bj(D2, '10:30')),
      visit('m3', 'r-3', 'meal', bj(D2, '10:00')), // never checked out: counts for an hour
      visit('m4', 'r-1', 'health-check', bj(D2, '14:00'), bj(D2, '15:00')),
      visit('night', 'r-2', 'day-care', bj(D3, '22:00'), bj(D2, '02:00')),
    ]);
    await record('c-qb', clientB, [
      visit('b1', 'r-1', 'meal', bj(D2, '12:00'), bj(D2, '13:00')),
      visit('open-1', 'r-4', 'meal', ago(120)),
      visit('open-2', 'r-5', 'recreation', ago(30)),
      visit('closed-1', 'r-6', 'meal', ago(180), ago(60)),
      visit('open-old', 'r-5', 'meal', ago(26 * 60)), // over 24 h: certainly gone
      visit('void-now', 'r-6', 'day-care', ago(60)),
    ]);
    await record('c-qc', clientC, [visit('c1', 'r-1', 'meal', bj(D2, '16:00'), bj(D2, '17:00'))]);
    // The void endpoint is being built alongside: voids are written straight on the documents here.
    const client = await MongoClient.connect(MONGO_URL);
    try {
      const visits = client.db(`${ns.dbPrefix}centres`).collection<{ _id: string }>('visits');
      for (const [id, voidReason] of [
        ['c-qa:void1', 'entered-in-error'],
        ['c-qb:void-now', 'not-attended'],
      ]) {
        await visits.updateOne(
          { _id: id },
          { $set: { voidedAt: new Date(), voidReason, voidedBy: 'staff-1' } },
        );
      }
    } finally {
      await client.close();
    }
  });

  afterAll(async () => {
    await centres?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('lists a centre’s day by check-in, with each filter, paged across two pages', async () => {
    const all = await get(`/centres/c-qa/visits?day=${D2}`, admin).expect(200);
    expect(ids(all.body)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(all.body.items[0]).toEqual({
      visitId: 'm1',
      residentId: 'r-1',
      activity: 'meal',
      checkInAt: iso(D2, '09:00'),
      checkOutAt: iso(D2, '11:00'),
      status: 'closed',
      voidReason: null,
    });
    expect(all.body.items[2]).toMatchObject({ visitId: 'm3', status: 'open', checkOutAt: null });
    expect(all.body.next).toBeNull();
    const f = async (query: string) =>
      ids((await get(`/centres/c-qa/visits?day=${D2}&${query}`, clientA).expect(200)).body);
    expect(await f('activity=meal')).toEqual(['m1', 'm3']);
    expect(await f('residentId=r-1')).toEqual(['m1', 'm4']);
    expect(await f('includeVoided=true')).toEqual(['m1', 'void1', 'm2', 'm3', 'm4']);
    const voided = (
      await get(
        `/centres/c-qa/visits?day=${D2}&includeVoided=true&residentId=r-3&activity=meal`,
        street,
      ).expect(200)
    ).body;
    expect(voided.items[0]).toMatchObject({
      visitId: 'void1',
      status: 'voided',
      voidReason: 'entered-in-error',
    });
    expect(ids((await get(`/centres/c-qa/visits?day=${D3}`, clientA).expect(200)).body)).toEqual(['night']);

    const first = (await get(`/centres/c-qa/visits?day=${D2}&limit=3`, clientA).expect(200)).body;
    expect(ids(first)).toEqual(['m1', 'm2', 'm3']);
    expect(first.next).toEqual(expect.any(String));
    const second = (
      await get(
        `/centres/c-qa/visits?day=${D2}&limit=3&after=${encodeURIComponent(first.next)}`,
        clientA,
      ).expect(200)
    ).body;
    expect(ids(second)).toEqual(['m4']);
    expect(second.next).toBeNull();
  });

  it('counts who is in now: open visits only, against the capacity', async () => {
    const res = await get('/centres/c-qb/occupancy', clientB).expect(200);
    expect(res.body).toMatchObject({ centreId: 'c-qb', present: 2, capacity: 8, share: 0.25 });
    expect(res.body.items).toEqual([
      { visitId: 'open-1', residentId: 'r-4', checkInAt: expect.any(String) },
      { visitId: 'open-2', residentId: 'r-5', checkInAt: expect.any(String) },
    ]);
    expect((await get('/centres/c-qa/occupancy', street).expect(200)).body).toMatchObject({
      present: 0,
      share: 0,
    });
  });

  it('draws a past day’s curve: stays over midnight, a check-out at a step, an unclosed visit for an hour', async () => {
    const res = await get(`/centres/c-qa/occupancy/curve?day=${D2}&stepMinutes=30`, clientA).expect(200);
    expect(res.body).toMatchObject({ centreId: 'c-qa', day: D2, stepMinutes: 30, capacity: 20 });
    expect(res.body.points).toHaveLength(48);
    const points = res.body.points as { time: string; present: number }[];
    const at = (time: string) => points.find((p) => p.time === time)?.present;
    const expected = { '00:00': 1, '01:30': 1, '02:00': 0, '09:00': 1, '09:30': 2, '10:00': 3, '10:30': 2 };
    for (const [time, present] of Object.entries(expected)) expect([time, at(time)]).toEqual([time, present]);
    expect([at('11:00'), at('14:00'), at('15:00')]).toEqual([0, 1, 0]);
    expect(res.body.peak).toEqual({ at: iso(D2, '10:00'), time: '10:00', present: 3 });
  });

  it('shows a resident’s history across the centres the caller may see, newest first', async () => {
    const history = async (auth: Record<string, string>, query = '') =>
      (await get(`/residents/r-1/visits${query}`, auth).expect(200)).body as {
        items: { visitId: string; centreId: string; day: string }[];
        next: string | null;
      };
    const first = await history(street, '?limit=2');
    expect(first.items.map((i) => `${i.centreId}:${i.visitId}`)).toEqual(['c-qa:m4', 'c-qb:b1']);
    expect(first.items[0]?.day).toBe(D2);
    const second = await history(street, `?limit=2&after=${encodeURIComponent(first.next ?? '')}`);
    expect(second.items.map((i) => i.visitId)).toEqual(['m1']);
    expect(second.next).toBeNull();
    expect(ids(await history(admin))).toEqual(['c1', 'm4', 'b1', 'm1']);
    expect(ids(await history(clientA))).toEqual(['m4', 'm1']);
    expect(ids(await history(clientB))).toEqual(['b1']);
    expect(ids(await history(otherDistrict))).toEqual(['c1']);
    // Nothing visible, or no such resident: the same empty page, never a 404.
    expect(await history(thirdDistrict)).toEqual({ items: [], next: null });
    expect((await get('/residents/r-nobody/visits', admin).expect(200)).body).toEqual({
      items: [],
      next: null,
    });
  });

  it('exports a period as CSV, day by day, and audits the export', async () => {
    const res = await get(`/centres/c-qa/visits.csv?from=${D3}&to=${D2}`, clientA)
      .set('x-correlation-id', `export-${ns.topicPrefix}`)
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="visits-c-qa-${D3}-${D2}.csv"`);
    expect(res.text.split('\r\n')[0]).toBe(
      'visitId,residentId,activity,day,checkInAt,checkOutAt,status,voidReason',
    );
    const rows = parse<Record<string, string>>(res.text, { columns: true });
    expect(rows.map((r) => [r.visitId, r.day, r.status])).toEqual([
      ['night', D3, 'closed'],
      ['m1', D2, 'closed'],
      ['void1', D2, 'voided'],
      ['m2', D2, 'closed'],
      ['m3', D2, 'open'],
      ['m4', D2, 'closed'],
    ]);
    expect(rows[2]).toMatchObject({
      residentId: 'r-3',
      voidReason: 'entered-in-error',
      checkInAt: iso(D2, '09:15'),
    });

    const topic = topicName(Topics.audit, ns.topicPrefix);
    const entries = await eventually(
      async () =>
        (await readWholeTopic(topic))
          .map(
            (m) =>
              JSON.parse(m.value?.toString() ?? '{}') as {
                correlationId: string;
                payload: Record<string, unknown>;
              },
          )
          .filter((e) => e.correlationId === `export-${ns.topicPrefix}`),
      (found) => found.length > 0,
      30_000,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]?.payload).toMatchObject({
      auditClass: 'bulk-personal-read',
      route: 'GET /centres/:centreId/visits.csv',
      targets: ['c-qa'],
      filter: { from: D3, to: D2 },
      outcome: 'ok',
    });
  });

  it('answers another centre, or a centre outside the unit, as an unknown one: 404 problem+json', async () => {
    for (const [path, auth] of [
      [`/centres/c-qa/visits?day=${D2}`, clientB],
      ['/centres/c-qa/occupancy', clientB],
      [`/centres/c-qa/occupancy/curve?day=${D2}`, clientB],
      [`/centres/c-qa/visits.csv?from=${D2}&to=${D2}`, clientB],
      [`/centres/c-qa/visits?day=${D2}`, otherDistrict],
      ['/centres/c-nowhere/occupancy', admin],
    ] as const) {
      const res = await get(path, auth);
      expect([path, res.status, res.headers['content-type']]).toEqual([
        path,
        404,
        expect.stringContaining(PROBLEM),
      ]);
      expect(res.body.code).toBe('centre.not-found');
    }
  });

  it('refuses a bad day, period, limit, cursor or step: 400 problem+json', async () => {
    const long = 'r'.repeat(65);
    for (const path of [
      '/centres/c-qa/visits',
      '/centres/c-qa/visits?day=2026-02-30',
      `/centres/c-qa/visits?day=${D2}&limit=0`,
      `/centres/c-qa/visits?day=${D2}&limit=501`,
      `/centres/c-qa/visits?day=${D2}&limit=many`,
      `/centres/c-qa/visits?day=${D2}&after=nope`,
      `/centres/c-qa/visits?day=${D2}&includeVoided=yes`,
      `/centres/c-qa/visits?day=${D2}&activity=dancing`,
      `/centres/c-qa/occupancy/curve?day=${D2}&stepMinutes=20`,
      '/centres/c-qa/occupancy/curve',
      `/centres/c-qa/visits.csv?from=${D2}&to=${D3}`,
      `/centres/c-qa/visits.csv?from=${addDays(D2, -366)}&to=${D2}`,
      `/centres/c-qa/visits.csv?from=${D2}`,
      `/residents/${long}/visits`,
      '/residents/r-1/visits?after=2026-11-25T01:00:00.000Z~m1',
    ]) {
      const res = await get(path, clientA);
      expect([path, res.status, res.headers['content-type']]).toEqual([
        path,
        400,
        expect.stringContaining(PROBLEM),
      ]);
    }
    // A full year and a day is the longest export.
    await get(`/centres/c-qa/visits.csv?from=${addDays(D2, -365)}&to=${D2}`, clientA).expect(200);
  });
});

import request from 'supertest';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { localDay } from '#anlao/platform';
import { bearer, eventually, residentsEvents, tokenFor } from '#anlao/testing';
import { analyticsSuite, readBinary } from './analytics-suite.js';
import { MonthOpening } from '../src/coverage/month-opening.js';

const CITY = '2101';
const DISTRICT = '2101.210102';
const STREET = '2101.210102.210102001';
const COMMUNITIES = [`${STREET}.210102001001`, `${STREET}.210102001002`, `${STREET}.210102001003`];
const OTHER_DISTRICT = '2101.210103';

const month = localDay(new Date(), 'Asia/Shanghai').slice(0, 7);
const previousMonth = (() => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y ?? 2026, (m ?? 1) - 2, 1));
  return d.toISOString().slice(0, 7);
})();
/** An instant on the 1st of a month, 10:00 in Shanghai. */
const instantIn = (m: string, hour = 2) => `${m}-01T0${hour}:00:00.000Z`;

/**
 * Coverage end to end inside analytics: real events on the real broker, counters read through the
 * report API; every expected figure is recomputed here from the events sent.
 */
describe('coverage', () => {
  const analytics = analyticsSuite({ SUPPRESSION_THRESHOLD: '3' }, 'analytics-coverage-test');
  const { ns } = analytics;
  const ev = residentsEvents(ns.topicPrefix);
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const otherDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: OTHER_DISTRICT }));
  const base = (source: string, subject: string, orgUnit = COMMUNITIES[0] ?? CITY) => ({
    source,
    subject,
    orgUnit,
    correlationId: 'coverage-test',
  });
  const publish = analytics.publish;
  const assessed = (residentId: string, path: string, categories: string[], assessedOn: string) =>
    createEvent({
      ...base('residents', residentId, path),
      type: 'eligibility.assessed',
      payload: {
        residentId,
        communityPath: path,
        categories,
        previousCategories: [],
        ruleSetVersion: '1',
        assessedOn,
        trigger: 'registered',
      },
    });
  const visit = (visitId: string, residentId: string, checkInAt: string) =>
    createEvent({
      ...base('centres', `c-1:${visitId}`),
      type: 'visit.recorded',
      payload: { visitId, centreId: 'c-1', residentId, activity: 'meal', checkInAt, checkOutAt: null },
    });
  const db = analytics.db;

  // 30 elders, 10 per community, all eligible since the previous month; who is served is chosen below.
  const residents = COMMUNITIES.flatMap((path, c) =>
    Array.from({ length: 10 }, (_, i) => ({ id: `r-${c}-${i}`, path })),
  );

  it('keeps each resident’s place, groups and eligibility spells from the residents events', async () => {
    const first = residents[0];
    if (!first) throw new Error('no residents');
    const events = residents.flatMap((r) => [
      ev.registered(r.id, r.path),
      assessed(r.id, r.path, ['aged-80-plus'], `${previousMonth}-01`),
    ]);
    await publish([
      createEvent({
        ...base('residents', DISTRICT, DISTRICT),
        type: 'org-unit.created',
        payload: { code: '210102', name: 'Heping', level: 'district', parentCode: '2101', path: DISTRICT },
      }),
      ...events,
    ]);
    const profile = await eventually(
      () =>
        db()
          .collection('resident_profiles')
          .findOne({ _id: first.id as never }),
      (p) => p !== null && (p.eligibility as unknown[]).length === 1,
    );
    expect(profile).toMatchObject({
      communityPath: first.path,
      livingArrangement: 'alone',
      categories: ['aged-80-plus'],
      eligibility: [{ from: `${previousMonth}-01`, to: null }],
      lastServedAt: null,
    });
  });

  it('counts who of the eligible were served this month, once each, per unit and group, with drill-down', async () => {
    // Community 0: 7 served (one twice, one by a redelivered visit); community 1: 6 served, one of them
    // only by a visit that is then voided; community 2: 2 served (small: suppressed). A late visit of
    // last month lands there.
    const events: EventEnvelope[] = [];
    const served = new Map<string, Set<string>>();
    const serve = (c: number, i: number, visitId: string) => {
      events.push(visit(visitId, `r-${c}-${i}`, instantIn(month)));
      const path = COMMUNITIES[c] ?? '';
      served.set(path, (served.get(path) ?? new Set()).add(`r-${c}-${i}`));
    };
    for (let i = 0; i < 7; i++) serve(0, i, `v-0-${i}`);
    serve(0, 0, 'v-0-again');
    const redelivered = events[1];
    if (redelivered) events.push(redelivered);
    for (let i = 0; i < 6; i++) serve(1, i, `v-1-${i}`);
    events.push(visit('v-1-6', 'r-1-6', instantIn(month)));
    events.push(
      createEvent({
        ...base('centres', 'c-1:v-1-6'),
        type: 'visit.voided',
        payload: {
          visitId: 'v-1-6',
          centreId: 'c-1',
          residentId: 'r-1-6',
          activity: 'meal',
          checkInAt: instantIn(month),
          reason: 'not-attended',
        },
      }),
    );
    for (let i = 0; i < 2; i++) serve(2, i, `v-2-${i}`);
    events.push(visit('v-late', 'r-2-9', instantIn(previousMonth)));
    await publish(events);

    const expectedServed = [...served.values()].reduce((n, s) => n + s.size, 0);
    const report = await eventually(
      async () =>
        (
          await request(analytics.url)
            .get('/coverage')
            .set(district)
            .query({ unit: STREET, month, group: 'all' })
        ).body as {
          unit: { groups: { all: { eligible: number; served: number; share: number } } };
          children: {
            path: string;
            groups: { all: { eligible: number | null; served: number | null } };
            services: { visits: number };
          }[];
        },
      (r) => r.unit?.groups?.all?.served === expectedServed,
      30_000,
    );
    expect(expectedServed).toBe(15);
    expect(report.unit.groups.all).toEqual({ eligible: 30, served: 15, share: 0.5 });
    const byPath = new Map(report.children.map((c) => [c.path, c]));
    // Services are not people: never suppressed (8 visits counted in community 0, the voided one out).
    expect(COMMUNITIES.map((p) => byPath.get(p)?.services.visits)).toEqual([8, 6, 2]);
    // 2 served is under the threshold (3): hidden, with a second community so that 15 − the visible
    // rest does not give it away; every visible figure is the one sent.
    expect(byPath.get(COMMUNITIES[2] ?? '')?.groups.all.served).toBeNull();
    expect(report.children.filter((c) => c.groups.all.served === null).length).toBeGreaterThanOrEqual(2);
    for (const [c, path] of COMMUNITIES.entries()) {
      const cell = byPath.get(path)?.groups.all;
      if (cell?.served !== null) expect(cell).toMatchObject({ eligible: 10, served: served.get(path)?.size });
      expect(c).toBeLessThan(3);
    }
    // The same through the city, the district and every priority group: 80+ and living alone are everyone.
    const city = await request(analytics.url).get('/coverage').set(district).query({ month }).expect(200);
    expect(city.body.unit.path).toBe(DISTRICT);
    expect(city.body.unit.name).toBe('Heping');
    expect(city.body.unit.groups['aged-80-plus']).toEqual({ eligible: 30, served: 15, share: 0.5 });
    expect(city.body.unit.groups['living-alone']).toEqual({ eligible: 30, served: 15, share: 0.5 });
    expect(city.body.unit.groups['low-income']).toEqual({ eligible: 0, served: 0, share: null });

    // The late visit restated last month only.
    const trend = await request(analytics.url)
      .get('/coverage/trend')
      .set(district)
      .query({ unit: DISTRICT, from: previousMonth, to: month })
      .expect(200);
    // One served of 30 last month: under the threshold, so the month shows neither (the share would tell).
    expect(trend.body.months).toEqual([
      { month: previousMonth, eligible: null, served: null, share: null },
      { month, eligible: 30, served: 15, share: 0.5 },
    ]);
    const last = await db()
      .collection('coverage')
      .findOne({ _id: `${DISTRICT}:${previousMonth}` as never });
    expect(last).toMatchObject({ eligible: { all: 30 }, served: { all: 1 }, services: { visits: 1 } });
  });

  it('exports the table as CSV and Excel, and keeps another district out', async () => {
    const csv = await request(analytics.url)
      .get('/coverage/export.csv')
      .set(district)
      .query({ unit: STREET, month, group: 'all' })
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'unit,name,level,eligible_all,served_all,share_all,reached,visits,deliveries,sessions',
    );
    expect(lines[1]?.startsWith(`${STREET},,,30,15,0.5,15,`)).toBe(true);
    const xlsx = await readBinary(
      request(analytics.url).get('/coverage/export.xlsx').set(district).query({ unit: STREET, month }),
    ).expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const refused = await request(analytics.url)
      .get('/coverage')
      .set(otherDistrict)
      .query({ unit: STREET })
      .expect(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('org-unit.not-found');
    const bad = await request(analytics.url)
      .get('/coverage')
      .set(district)
      .query({ month: '2026-13' })
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('lists the elders of a community nobody reached in 30 days, most urgent first, for its staff only', async () => {
    const path = COMMUNITIES[2] ?? '';
    const today = localDay(new Date(), 'Asia/Shanghai');
    const lastService: Record<string, string> = {
      'r-2-0': instantIn(month),
      'r-2-1': instantIn(month),
      'r-2-9': instantIn(previousMonth),
    };
    const daysSince = (id: string) => {
      const at = lastService[id];
      return at === undefined
        ? null
        : Math.floor(
            (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${at.slice(0, 10)}T00:00:00Z`)) / 86_400_000,
          );
    };
    const expected = residents
      .filter((r) => r.path === path)
      .map((r) => r.id)
      .filter((id) => {
        const d = daysSince(id);
        return d === null || d >= 30;
      });
    const list = await request(analytics.url)
      .get('/at-risk')
      .set(district)
      .query({ community: path, limit: 5 })
      .expect(200);
    expect(list.body.total).toBe(expected.length);
    expect(list.body.items).toHaveLength(Math.min(5, expected.length));
    // Never served (the cap, 60 days) outranks any served elder; ties by id.
    const never = expected.filter((id) => daysSince(id) === null).sort();
    expect(list.body.items.map((e: { residentId: string }) => e.residentId)).toEqual(never.slice(0, 5));
    expect(list.body.items[0]).toMatchObject({
      groups: ['living-alone', 'aged-80-plus'],
      daysSinceService: null,
      lastServedAt: null,
    });
    const rest = await request(analytics.url)
      .get('/at-risk')
      .set(district)
      .query({ community: path, limit: 5, after: list.body.next })
      .expect(200);
    expect(
      [...list.body.items, ...rest.body.items].map((e: { residentId: string }) => e.residentId).sort(),
    ).toEqual([...expected].sort());
    await request(analytics.url).get('/at-risk').set(otherDistrict).query({ community: path }).expect(404);
    const street = await request(analytics.url)
      .get('/at-risk')
      .set(district)
      .query({ community: STREET })
      .expect(400);
    expect(street.body.code).toBe('at-risk.community-required');
    const csv = await request(analytics.url)
      .get('/at-risk/export.csv')
      .set(district)
      .query({ community: path, limit: 200 })
      .expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(expected.length + 1);
  });

  it('opens a new month for every eligible elder with no event needed, once however often it runs', async () => {
    const [y, m] = month.split('-').map(Number);
    const next = new Date(Date.UTC(y ?? 2026, m ?? 1, 1)).toISOString().slice(0, 7);
    const opening = analytics.service.app.get(MonthOpening);
    expect(await opening.open(next)).toBe(residents.length);
    expect(await opening.open(next)).toBe(residents.length);
    const counter = await db()
      .collection('coverage')
      .findOne({ _id: `${DISTRICT}:${next}` as never });
    expect(counter).toMatchObject({ eligible: { all: 30, 'aged-80-plus': 30 } });
    expect(counter?.served).toBeUndefined();
    await db().collection('resident_months').deleteMany({ month: next });
  });

  it('keeps no list of event ids on a counter, and one document per elder-month', async () => {
    const counter = await db()
      .collection('coverage')
      .findOne({ _id: `${STREET}:${month}` as never });
    expect(Object.keys(counter ?? {}).sort()).toEqual([
      '_id',
      'eligible',
      'month',
      'parentMonth',
      'reached',
      'seq',
      'served',
      'services',
      'unit',
    ]);
    const months = await db().collection('resident_months').countDocuments({ month });
    expect(months).toBe(30);
  });
});

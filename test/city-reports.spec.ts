import request from 'supertest';
import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import { analyticsService } from '../apps/analytics/src/analytics.module.js';
import { centresService } from '../apps/centres/src/centres.module.js';
import { createStaffAccount } from '../apps/gateway/src/identity/account.usecases.js';
import { CredentialsRepository } from '../apps/gateway/src/identity/credentials.repository.js';
import { residentsEvents } from '../apps/centres/test/residents-fixture.js';
import { createEvent, topicName, Topics, type EventEnvelope } from '#anlao/events';
import type { EventProducer } from '#anlao/messaging';
import { localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  eventually,
  readWholeTopic,
  startService,
  testConfig,
  testProducer,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

interface Cell {
  eligible: number | null;
  served: number | null;
  share: number | null;
}
interface Row {
  path: string;
  groups: Record<string, Cell>;
  reached: number | null;
  services: { visits: number };
}
interface Coverage {
  unit: Row;
  children: Row[];
}

/**
 * Issue [9/11] tried as a new user would, through the gateway only: residents' events put eligible
 * elders in three communities of a street (and a few in another district); two centres report visits
 * with their own tokens, one twice, and staff void one; a district officer then reads coverage with
 * drill-down, the month's trend, the at-risk list of a community, accessibility and the scorecards.
 * Every figure is recomputed here from what was sent; another district's officer sees none of it.
 */
describe('city reports through the gateway', () => {
  const ns = uniqueNamespace();
  const CITY = '2101';
  const DISTRICT = '2101.210102';
  const STREET = `${DISTRICT}.210102001`;
  const COMMUNITIES = [`${STREET}.210102001001`, `${STREET}.210102001002`, `${STREET}.210102001003`];
  const FAR = '2101.210103.210103001.210103001001';
  const PASSWORD = 'a long demo passphrase';
  const ev = residentsEvents(ns.topicPrefix);
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const month = localDay(new Date(at), 'Asia/Shanghai').slice(0, 7);
  let centres: RunningService;
  let analytics: RunningService;
  let gateway: RunningService;
  let producer: EventProducer;
  let admin: Record<string, string>;
  let officer: Record<string, string>;
  let farOfficer: Record<string, string>;

  /** Eight elders per community, all 80+ and living alone, eligible since the 1st of the month. */
  const elders = [...COMMUNITIES, FAR].flatMap((path, c) =>
    Array.from({ length: 8 }, (_, i) => ({ id: `e-${c}-${i}`, path })),
  );
  const assessed = (residentId: string, path: string): EventEnvelope =>
    createEvent({
      source: 'residents',
      subject: residentId,
      orgUnit: path,
      correlationId: 'city-reports',
      type: 'eligibility.assessed',
      payload: {
        residentId,
        communityPath: path,
        categories: ['aged-80-plus'],
        previousCategories: [],
        ruleSetVersion: '2026-1',
        assessedOn: `${month}-01`,
        trigger: 'registered',
      },
    });
  const api = (service: string, path: string) => `/api/${service}${path}`;
  const get = (path: string, auth: Record<string, string>) => request(gateway.url).get(path).set(auth);
  const signIn = async (username: string) => {
    const res = await request(gateway.url)
      .post('/auth/sign-in')
      .send({ username, password: PASSWORD })
      .expect(200);
    return bearer(res.body.accessToken as string);
  };
  const clientToken = async (centreId: string) => {
    const issued = await request(gateway.url)
      .post('/admin/api-clients')
      .set(admin)
      .send({ kind: 'centre', centreId })
      .expect(201);
    const { clientId, clientSecret } = issued.body as { clientId: string; clientSecret: string };
    const token = await request(gateway.url).post('/auth/token').send({ clientId, clientSecret }).expect(200);
    return bearer(token.body.accessToken as string);
  };

  beforeAll(async () => {
    // A first start creates the topics; the second reads the residents events to the end before ready.
    await (
      await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig))
    ).close();
    producer = await testProducer(ns, 'city-reports-residents');
    await producer.publish(elders.flatMap((e) => [ev.registered(e.id, e.path), assessed(e.id, e.path)]));
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    analytics = await startService(
      analyticsService,
      testConfig('analytics', ns, {}, analyticsService.extraConfig),
    );
    gateway = await startGateway(ns, { SERVICE_URLS: `centres=${centres.url},analytics=${analytics.url}` });
    const accounts = gateway.app.get(CredentialsRepository);
    for (const [username, role, orgUnit] of [
      ['city.admin', 'city-admin', CITY],
      ['heping.district', 'district-staff', DISTRICT],
      ['far.district', 'district-staff', '2101.210103'],
    ] as const)
      await createStaffAccount(accounts, { username, password: PASSWORD, role, orgUnit });
    admin = await signIn('city.admin');
    officer = await signIn('heping.district');
    farOfficer = await signIn('far.district');
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await centres?.close();
    await analytics?.close();
    await producer?.disconnect();
    await dropDatabases(ns.dbPrefix);
  });

  /** Who each accepted visit reached, by community: what the reports must say. */
  const served = new Map<string, Set<string>>(COMMUNITIES.map((c) => [c, new Set()]));
  let visitsCounted = 0;

  it('takes the centres’ visits: each elder served is counted once in the month, a voided visit taken back', async () => {
    const centre = (communityPath: string, capacity: number) => ({
      name: 'Day-care centre',
      kind: 'day-care',
      communityPath,
      capacity,
      communityOnly: false,
      activities: ['meal'],
    });
    await request(gateway.url)
      .put(api('centres', '/centres/c-north'))
      .set(admin)
      .send(centre(COMMUNITIES[0] ?? '', 30))
      .expect(201);
    await request(gateway.url)
      .put(api('centres', '/centres/c-south'))
      .set(admin)
      .send(centre(COMMUNITIES[1] ?? '', 20))
      .expect(201);
    const north = await clientToken('c-north');
    const south = await clientToken('c-south');
    const report = async (
      auth: Record<string, string>,
      centreId: string,
      visits: { visitId: string; residentId: string }[],
    ) => {
      const answer = await eventually(
        () =>
          request(gateway.url)
            .post(api('centres', `/centres/${centreId}/visits`))
            .set(auth)
            .send({ visits: visits.map((v) => ({ ...v, activity: 'meal', checkInAt: at })) }),
        // The centre's copy of the residents may trail their registration for a moment (retryable):
        // the same batch again records the rest (those already in answer `duplicate`).
        (r) =>
          r.status < 300 &&
          (r.body.results as { code?: string }[]).every((x) => x.code !== 'resident.unknown'),
        30_000,
      );
      return answer.body.results as { visitId: string; status: string; residentId?: string }[];
    };
    // North: six elders of the first community, one of them twice (two visits, one elder).
    const northVisits = [0, 1, 2, 3, 4, 5].map((i) => ({ visitId: `n-${i}`, residentId: `e-0-${i}` }));
    northVisits.push({ visitId: 'n-again', residentId: 'e-0-0' });
    // South: seven elders of the second community and two of the first.
    const southVisits = [0, 1, 2, 3, 4, 5, 6].map((i) => ({ visitId: `s-${i}`, residentId: `e-1-${i}` }));
    southVisits.push({ visitId: 's-x1', residentId: 'e-0-6' }, { visitId: 's-x2', residentId: 'e-0-7' });
    for (const [auth, id, visits] of [
      [north, 'c-north', northVisits],
      [south, 'c-south', southVisits],
    ] as const) {
      const results = await report(auth, id, visits);
      expect(results.every((r) => r.status === 'recorded' || r.status === 'duplicate')).toBe(true);
      for (const v of visits) {
        const elder = elders.find((e) => e.id === v.residentId);
        served.get(elder?.path ?? '')?.add(v.residentId);
        visitsCounted += 1;
      }
      // The same batch again: duplicates, nothing stored or counted twice.
      const again = await report(auth, id, visits);
      expect(again.every((r) => r.status === 'duplicate')).toBe(true);
    }
    // Staff void the only visit of e-1-6: no longer served.
    await request(gateway.url)
      .post(api('centres', '/centres/c-south/visits/s-6/void'))
      .set(admin)
      .send({ reason: 'not-attended' })
      .expect(200);
    served.get(COMMUNITIES[1] ?? '')?.delete('e-1-6');
    visitsCounted -= 1;
    expect([...served.values()].map((s) => s.size)).toEqual([8, 6, 0]);
  });

  it('answers the district officer’s coverage, drill-down and trend with the figures sent', async () => {
    const servedTotal = [...served.values()].reduce((n, s) => n + s.size, 0);
    const district = await eventually(
      async () =>
        (await get(api('analytics', `/coverage?month=${month}&group=all`), officer)).body as Coverage,
      (r) => r.unit?.groups?.all?.served === servedTotal && r.unit.services.visits === visitsCounted,
      45_000,
    );
    expect(district.unit).toMatchObject({
      path: DISTRICT,
      groups: { all: { eligible: 24, served: 14, share: 0.5833 } },
    });
    // The district's only street holds it all; the officer drills down to the communities.
    expect(district.children.map((c) => [c.path, c.groups.all?.eligible, c.groups.all?.served])).toEqual([
      [STREET, 24, 14],
    ]);
    const street = (
      await get(api('analytics', `/coverage?unit=${STREET}&month=${month}`), officer).expect(200)
    ).body as Coverage;
    expect(street.children.map((c) => [c.path, c.groups.all?.eligible, c.groups.all?.served])).toEqual(
      COMMUNITIES.map((c) => [c, 8, served.get(c)?.size]),
    );
    expect(street.children.map((c) => c.groups['aged-80-plus']?.served)).toEqual([8, 6, 0]);
    expect(street.children.map((c) => c.services.visits)).toEqual([9, 6, 0]);
    const trend = await get(
      api('analytics', `/coverage/trend?unit=${DISTRICT}&from=${month}&to=${month}`),
      officer,
    ).expect(200);
    expect(trend.body.months).toEqual([{ month, eligible: 24, served: 14, share: 0.5833 }]);
    const trendCsv = await get(
      api('analytics', `/coverage/trend/export.csv?unit=${DISTRICT}&from=${month}&to=${month}`),
      officer,
    ).expect(200);
    expect(trendCsv.text.trim().split('\r\n')).toEqual([
      'month,eligible,served,share',
      `${month},24,14,0.5833`,
    ]);
    const csv = await get(
      api('analytics', `/coverage/export.csv?unit=${STREET}&month=${month}&group=all`),
      officer,
    ).expect(200);
    expect(csv.text.split('\r\n')[1]?.startsWith(`${STREET},`)).toBe(true);
  });

  it('lists the community nobody reached as at risk, and records who read the list', async () => {
    const quiet = COMMUNITIES[2] ?? '';
    const list = await get(api('analytics', `/at-risk?community=${quiet}`), officer).expect(200);
    expect(list.body.total).toBe(8);
    expect(list.body.items.map((e: { residentId: string }) => e.residentId)).toEqual(
      Array.from({ length: 8 }, (_, i) => `e-2-${i}`),
    );
    expect(list.body.items[0]).toMatchObject({
      groups: ['living-alone', 'aged-80-plus'],
      daysSinceService: null,
    });
    const reached = await get(api('analytics', `/at-risk?community=${COMMUNITIES[0] ?? ''}`), officer).expect(
      200,
    );
    expect(reached.body.total).toBe(0);
    const audit = await eventually(
      () => readWholeTopic(topicName(Topics.audit, ns.topicPrefix)),
      (messages) => messages.some((m) => m.value?.toString().includes('personal-data.listed')),
      30_000,
    );
    const listing = audit
      .map(
        (m) =>
          JSON.parse(m.value?.toString() ?? '{}') as {
            source: string;
            payload: { action: string; count?: number };
          },
      )
      .find((e) => e.source === 'analytics' && e.payload.action === 'personal-data.listed');
    expect(listing?.payload.count).toBe(8);
  });

  it('answers accessibility and the scorecards for the district', async () => {
    const access = await eventually(
      async () =>
        (await get(api('analytics', `/accessibility?unit=${STREET}&month=${month}`), officer)).body as {
          unit: { supply: { centres: number; capacity: number } };
        },
      (b) => b.unit?.supply?.centres === 2,
      30_000,
    );
    expect(access.unit.supply).toMatchObject({ centres: 2, capacity: 50 });
    const cards = await get(api('analytics', `/scorecards?month=${month}`), officer).expect(200);
    // No provider works in this district yet: an empty list for the month, not an error.
    expect(cards.body).toEqual({ month, providers: [] });
  });

  it('keeps another district out of every report', async () => {
    for (const path of [
      `/coverage?unit=${DISTRICT}`,
      `/coverage/trend?unit=${DISTRICT}&from=${month}&to=${month}`,
      `/at-risk?community=${COMMUNITIES[0] ?? ''}`,
      `/accessibility?unit=${STREET}`,
      `/intervention-reports?unit=${DISTRICT}`,
    ]) {
      const refused = await get(api('analytics', path), farOfficer).expect(404);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    // Its own district shows its own elders only.
    const own = (await get(api('analytics', `/coverage?month=${month}&group=all`), farOfficer).expect(200))
      .body as Coverage;
    expect(own.unit.groups.all).toMatchObject({ eligible: 8, served: 0 });
  });
});

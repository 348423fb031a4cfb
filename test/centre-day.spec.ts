import request from 'supertest';
import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import { analyticsService } from '../apps/analytics/src/analytics.module.js';
import { centresService } from '../apps/centres/src/centres.module.js';
import { createStaffAccount } from '../apps/gateway/src/identity/account.usecases.js';
import { CredentialsRepository } from '../apps/gateway/src/identity/credentials.repository.js';
import { residentsEvents } from '../apps/centres/test/residents-fixture.js';
import type { EventProducer } from '#anlao/messaging';
import {
  bearer,
  dropDatabases,
  eventually,
  startService,
  testConfig,
  testProducer,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { dayFromToday } from './support/dates.js';

interface Result {
  visitId: string;
  status: string;
  code?: string;
  retryable?: boolean;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * A centre's first day, tried as a new user would, through the gateway only: staff register the
 * centre and issue its API client in one sitting; the centre reports a mixed batch with its own
 * token and gets one result per item; occupancy and history answer; staff void a visit and
 * analytics subtracts it; the centre can neither report for nor read another centre.
 */
describe('a centre day through the gateway', () => {
  const ns = uniqueNamespace();
  const PATH = '2101.210102.210102001.210102001001';
  const FAR = '2101.210103.210103001.210103001001';
  const ev = residentsEvents(ns.topicPrefix);
  const CARD = { ok: '8600000000000101', suspended: '8600000000000102', lost: '8600000000000103' };
  const PASSWORD = 'a long demo passphrase';
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  // Noon in the city (Asia/Shanghai) three days ago: the weekday the centre is closed.
  const closedDay = dayFromToday(-3);
  const closedWeekday = WEEKDAYS[new Date(`${closedDay}T00:00:00Z`).getUTCDay()] as string;
  const openingHours = Object.fromEntries(
    WEEKDAYS.map((d) => [d, d === closedWeekday ? [] : [{ from: '00:00', to: '24:00' }]]),
  );
  let centres: RunningService;
  let analytics: RunningService;
  let gateway: RunningService;
  let producer: EventProducer;
  let admin: Record<string, string>;

  /** The gateway routes `/api/<service>/...` to that service. */
  const api = (path: string) => `/api/${path.startsWith('/centre-visits') ? 'analytics' : 'centres'}${path}`;
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
  const centre = (extra: object = {}) => ({
    name: 'Changbai day-care centre',
    kind: 'day-care',
    communityPath: PATH,
    capacity: 30,
    communityOnly: true,
    openingHours,
    activities: ['meal', 'recreation', 'rehabilitation'],
    ...extra,
  });

  beforeAll(async () => {
    // A first start creates the topics; the second reads the residents events to the end before ready.
    await (
      await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig))
    ).close();
    producer = await testProducer(ns, 'centre-day-residents');
    const diedOn = dayFromToday(-10);
    await producer.publish([
      ev.registered('r-ok', PATH),
      ev.cardIssued('r-ok', PATH, 'card-ok', CARD.ok),
      ev.registered('r-two', PATH),
      ev.registered('r-far', FAR),
      ev.registered('r-dead', PATH),
      ev.died('r-dead', PATH, diedOn),
      ev.registered('r-sus', PATH),
      ev.cardIssued('r-sus', PATH, 'card-sus', CARD.suspended),
      ev.cardSuspended('r-sus', PATH, 'card-sus'),
      ev.registered('r-lost', PATH),
      ev.cardIssued('r-lost', PATH, 'card-old', CARD.lost),
      ev.cardReplaced('r-lost', PATH, 'card-old', 'card-new', '8600000000000104'),
    ]);
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    analytics = await startService(analyticsService, testConfig('analytics', ns));
    gateway = await startGateway(ns, { SERVICE_URLS: `centres=${centres.url},analytics=${analytics.url}` });
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'heping.street',
      password: PASSWORD,
      role: 'street-staff',
      orgUnit: '2101.210102.210102001',
    });
    admin = await signIn('heping.street');
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await centres?.close();
    await analytics?.close();
    await producer?.disconnect();
    await dropDatabases(ns.dbPrefix);
  });

  it('registers a centre and issues its client at once; the centre reports a mixed batch', async () => {
    await request(gateway.url).put(api('/centres/c-day')).set(admin).send(centre()).expect(201);
    await request(gateway.url).put(api('/centres/c-other')).set(admin).send(centre()).expect(201);
    // No wait between registering and issuing: the gateway waits for its directory to catch up.
    const day = await clientToken('c-day');

    const v = (visitId: string, who: object, extra: object = {}) => ({
      visitId,
      activity: 'meal',
      checkInAt: hoursAgo(3),
      ...who,
      ...extra,
    });
    const batch = [
      v('new', { residentId: 'r-ok' }, { checkInAt: hoursAgo(5) }),
      v('swipe', { cardNumber: CARD.ok }, { checkInAt: hoursAgo(2), activity: 'recreation' }),
      v('open', { residentId: 'r-two' }, { checkInAt: hoursAgo(1) }),
      v('unknown', { residentId: 'r-nobody' }),
      v('unknown-card', { cardNumber: '8600000000000999' }),
      v('suspended', { cardNumber: CARD.suspended }),
      v('lost', { cardNumber: CARD.lost }),
      v('dead', { residentId: 'r-dead' }),
      v('far', { residentId: 'r-far' }),
      v('future', { residentId: 'r-ok' }, { checkInAt: new Date(Date.now() + 3_600_000).toISOString() }),
      v('backwards', { residentId: 'r-ok' }, { checkOutAt: hoursAgo(4) }),
      v('too-long', { residentId: 'r-ok' }, { checkInAt: hoursAgo(30), checkOutAt: hoursAgo(2) }),
      v('closed', { residentId: 'r-ok' }, { checkInAt: `${closedDay}T04:00:00Z` }),
      v('too-old', { residentId: 'r-ok' }, { checkInAt: hoursAgo(40 * 24) }),
      { visitId: 'no-such-visit', checkOutAt: hoursAgo(1) },
    ];
    const first = await request(gateway.url)
      .post(api('/centres/c-day/visits'))
      .set(day)
      .send({ visits: batch })
      .expect(201);
    const codes = Object.fromEntries(
      (first.body.results as Result[]).map((r) => [r.visitId, r.code ?? r.status]),
    );
    expect(codes).toEqual({
      new: 'recorded',
      swipe: 'recorded',
      open: 'recorded',
      unknown: 'resident.unknown',
      'unknown-card': 'resident.unknown',
      suspended: 'card.suspended',
      lost: 'card.lost',
      dead: 'resident.deceased',
      far: 'resident.outside-area',
      future: 'visit.in-future',
      backwards: 'visit.check-out-before-check-in',
      'too-long': 'visit.stay-over-24h',
      closed: 'visit.outside-opening-hours',
      'too-old': 'visit.too-late',
      'no-such-visit': 'visit.unknown',
    });
    expect((first.body.results as Result[]).find((r) => r.visitId === 'unknown')?.retryable).toBe(true);

    // Resubmitted (a retry after a timeout) with one reused id; then the later check-out of "new".
    const second = await request(gateway.url)
      .post(api('/centres/c-day/visits'))
      .set(day)
      .send({ visits: [batch[0], v('swipe', { cardNumber: CARD.ok }, { checkInAt: hoursAgo(2) })] })
      .expect(200);
    expect((second.body.results as Result[]).map((r) => r.status)).toEqual(['duplicate', 'conflict']);
    const checkOut = await request(gateway.url)
      .post(api('/centres/c-day/visits'))
      .set(day)
      .send({ visits: [{ visitId: 'new', checkOutAt: hoursAgo(4) }] })
      .expect(201);
    expect(checkOut.body.results).toEqual([{ visitId: 'new', status: 'recorded' }]);

    // Who is in now: "swipe" and "open" (no check-out); "new" has left.
    const occupancy = await request(gateway.url).get(api('/centres/c-day/occupancy')).set(day).expect(200);
    expect(occupancy.body).toMatchObject({ capacity: 30 });
    expect((occupancy.body.items as { visitId: string }[]).map((i) => i.visitId).sort()).toEqual([
      'open',
      'swipe',
    ]);
    const history = await request(gateway.url).get(api('/residents/r-ok/visits')).set(admin).expect(200);
    expect((history.body.items as { visitId: string }[]).map((i) => i.visitId).sort()).toEqual([
      'new',
      'swipe',
    ]);
  });

  it('keeps a centre to itself: it cannot report for, or read, another centre', async () => {
    const day = await clientToken('c-day');
    const visit = { visitId: 'intruder', residentId: 'r-ok', activity: 'meal', checkInAt: hoursAgo(1) };
    const report = await request(gateway.url)
      .post(api('/centres/c-other/visits'))
      .set(day)
      .send({ visits: [visit] })
      .expect(404);
    expect(report.headers['content-type']).toContain('application/problem+json');
    for (const path of [
      '/centres/c-other',
      '/centres/c-other/occupancy',
      `/centres/c-other/visits?day=${dayFromToday(0)}`,
    ])
      await request(gateway.url).get(api(path)).set(day).expect(404);
    // Its own history view of a resident shows its own visits only.
    const other = await clientToken('c-other');
    const seen = await request(gateway.url).get(api('/residents/r-ok/visits')).set(other).expect(200);
    expect(seen.body.items).toEqual([]);
  });

  it('voids a visit: analytics subtracts it', async () => {
    const today = (await request(gateway.url).get(api('/centres/c-day/occupancy')).set(admin).expect(200))
      .body;
    expect(today.present).toBeGreaterThan(0);
    const daily = () =>
      request(gateway.url)
        .get(api('/centre-visits/daily'))
        .set(admin)
        .query({ centreId: 'c-day', from: dayFromToday(-2), to: dayFromToday(1) });
    const before = await eventually(
      async () => (await daily()).body as { total: number },
      (b) => b.total === 3,
      30_000,
    );
    expect(before.total).toBe(3);
    await request(gateway.url)
      .post(api('/centres/c-day/visits/open/void'))
      .set(admin)
      .send({ reason: 'not-attended' })
      .expect(200);
    const after = await eventually(
      async () => (await daily()).body as { total: number; days: { voided: number }[] },
      (b) => b.total === 2,
      30_000,
    );
    expect(after.days.reduce((sum, d) => sum + d.voided, 0)).toBe(1);
    const occupancy = await request(gateway.url).get(api('/centres/c-day/occupancy')).set(admin).expect(200);
    expect((occupancy.body.items as { visitId: string }[]).map((i) => i.visitId)).toEqual(['swipe']);
  });

  it('refuses reports and new clients once the centre is deactivated, and revokes its clients', async () => {
    const before = await clientToken('c-other');
    await request(gateway.url).get(api('/centres/c-other')).set(before).expect(200);
    await request(gateway.url)
      .post(api('/centres/c-other/deactivate'))
      .set(admin)
      .send({ reason: 'closed' })
      .expect(200);
    // Until the gateway reads the deactivation, an issue still succeeds: each such client must be revoked too.
    let issuedMeanwhile = 0;
    const other = await eventually(
      async () => {
        const r = await request(gateway.url)
          .post('/admin/api-clients')
          .set(admin)
          .send({ kind: 'centre', centreId: 'c-other' });
        if (r.status === 201) issuedMeanwhile += 1;
        return r;
      },
      (r) => r.status === 409,
      30_000,
    );
    expect(other.body.code).toBe('centre.inactive');
    // The token it held stops working: its client was revoked when the gateway read the deactivation.
    const refused = await eventually(
      () => request(gateway.url).get(api('/centres/c-other')).set(before),
      (r) => r.status === 401,
      30_000,
    );
    expect(refused.headers['content-type']).toContain('application/problem+json');
    // The centre had two clients (and any issued meanwhile), revoked one after the other: the refused token may be the first.
    const ofOther = await eventually(
      async () =>
        (
          (await request(gateway.url).get('/admin/api-clients').set(admin).expect(200)).body.items as {
            centreId: string | null;
            status: string;
          }[]
        ).filter((c) => c.centreId === 'c-other'),
      (list) => list.length >= 2 + issuedMeanwhile && list.every((c) => c.status === 'revoked'),
      30_000,
    );
    // An issue that met the deactivation half-way leaves its client revoked and answers 409: listed, not counted.
    expect(ofOther.length).toBeGreaterThanOrEqual(2 + issuedMeanwhile);
    expect(ofOther.every((c) => c.status === 'revoked')).toBe(true);
    // The other centre's clients are untouched.
    const day = await clientToken('c-day');
    await request(gateway.url).get(api('/centres/c-day')).set(day).expect(200);
  });
});

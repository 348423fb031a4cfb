import request from 'supertest';
import { createEvent, type EventEnvelope, type EventType, type PayloadOf } from '#anlao/events';
import { localDay } from '#anlao/platform';
import { bearer, eventually, residentsEvents, tokenFor } from '#anlao/testing';
import { analyticsSuite, readBinary } from './analytics-suite.js';

const DISTRICT = '2101.210102';
const STREET = `${DISTRICT}.210102001`;
const STREET_2 = `${DISTRICT}.210102002`;
const COMMUNITIES = [`${STREET}.210102001001`, `${STREET}.210102001002`, `${STREET}.210102001003`];
const OTHER_DISTRICT = '2101.210103';
const C0 = COMMUNITIES[0] ?? '';
const C1 = COMMUNITIES[1] ?? '';

/** Last month (local): every instant below is in the past, and coverage counts its eligible elders. */
const M = (() => {
  const [y, m] = localDay(new Date(), 'Asia/Shanghai').split('-').map(Number);
  return new Date(Date.UTC(y ?? 2026, (m ?? 1) - 2, 1)).toISOString().slice(0, 7);
})();
/** An instant in M: day `d` at `hh:mm` UTC (08:00 later in Shanghai, the same local day). */
const t = (d: number, hh = 0, mm = 0) =>
  `${M}-${String(d).padStart(2, '0')}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000Z`;

/** An event as its producer publishes it, at `at`. */
function ev<T extends EventType>(type: T, payload: PayloadOf<T>, at: string, subject = 'x', orgUnit = C0) {
  return createEvent({
    type,
    payload,
    source: 'test',
    subject,
    orgUnit,
    correlationId: 'acc',
    occurredAt: new Date(at),
  });
}

const order = {
  requested: (
    id: string,
    path: string,
    at: string,
    serviceType: PayloadOf<'order.requested'>['serviceType'] = 'meal-assistance',
  ) =>
    ev(
      'order.requested',
      { orderId: id, residentId: 'r-0-0', communityPath: path, serviceType, requestedAt: at },
      at,
      id,
      path,
    ),
  dispatched: (id: string, at: string) =>
    ev(
      'order.dispatched',
      {
        orderId: id,
        residentId: 'r-0-0',
        serviceType: 'meal-assistance',
        contractId: 'k-1',
        providerId: 'p-1',
        priceFen: 3000,
      },
      at,
      id,
    ),
  accepted: (id: string, at: string) => ev('order.accepted', { orderId: id, providerId: 'p-1' }, at, id),
  declined: (id: string, at: string) =>
    ev(
      'order.declined',
      { orderId: id, providerId: 'p-1', contractId: 'k-1', reason: 'no-capacity' },
      at,
      id,
    ),
  delivered: (id: string, startedAt: string, endedAt: string, priceFen: number) =>
    ev(
      'order.delivered',
      {
        orderId: id,
        residentId: 'r-0-0',
        serviceType: 'meal-assistance',
        providerId: 'p-1',
        contractId: 'k-1',
        workerId: 'w-1',
        startedAt,
        endedAt,
        priceFen,
      },
      endedAt,
      id,
    ),
  rated: (id: string, rating: number, complained: boolean) =>
    ev('order.rated', { orderId: id, providerId: 'p-1', rating, complained }, t(20), id),
  paid: (id: string, subsidyFen: number, copaymentFen: number) =>
    ev(
      'order.paid',
      {
        orderId: id,
        residentId: 'r-0-0',
        providerId: 'p-1',
        contractId: 'k-1',
        part: 'living-services',
        subsidyFen,
        copaymentFen,
        freeExperience: false,
      },
      t(20),
      id,
    ),
};

const contract = (
  id: string,
  providerId: string,
  buyerOrgUnit: string,
  budgetFen: number,
  types: ('meal-assistance' | 'bathing-assistance')[],
  version = 1,
) => {
  const terms = {
    contractId: id,
    version,
    providerId,
    buyerOrgUnit,
    period: { from: `${M}-01`, to: `${M}-28` },
    budgetFen,
    services: types.map((serviceType) => ({ serviceType, unitPriceFen: 3000 })),
    areas: [buyerOrgUnit],
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
  };
  return version === 1
    ? ev('contract.signed', terms, t(1), id, buyerOrgUnit)
    : ev('contract.amended', { ...terms, changed: ['budgetFen'] }, t(2), id, buyerOrgUnit);
};

const worker = (
  workerId: string,
  street: string,
  licence: PayloadOf<'provider.worker-changed'>['licence'],
  active = true,
) =>
  ev(
    'provider.worker-changed',
    { providerId: 'p-1', workerId, role: 'worker', licence, streetPath: street, active },
    t(1),
    `p-1:${workerId}`,
    street,
  );

const centre = (centreId: string, path: string, capacity: number) =>
  ev(
    'centre.registered',
    { centreId, kind: 'day-care', communityPath: path, capacity },
    t(1),
    centreId,
    path,
  );

/** Whether `actual` has every field of `expected`, recursively (as `toMatchObject` compares). */
function matches(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v));
}

/** A report row as the tests read it. */
interface Row {
  path: string;
  supply: Record<string, number | null> & { serviceTypes: Record<string, number> };
  delivery: Record<string, number | null>;
  use: Record<string, number | null> & {
    spentFen: Record<string, number>;
    creditedFen: Record<string, number>;
  };
  groups: { all: { eligible: number | null } };
}
interface Report {
  unit: Row;
  children: Row[];
}

/**
 * Accessibility and scorecards end to end inside analytics: real events on the real broker, figures
 * read through the report API and recomputed here from the events sent.
 */
describe('accessibility and provider scorecards', () => {
  const analytics = analyticsSuite({ SUPPRESSION_THRESHOLD: '3' }, 'analytics-accessibility-test');
  const { ns } = analytics;
  const residents = residentsEvents(ns.topicPrefix);
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const otherDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: OTHER_DISTRICT }));
  const provider = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-1' }));

  /** Everything sent; the figures below are recomputed from these. */
  function fixture(): EventEnvelope[] {
    const units = [DISTRICT, STREET, STREET_2, ...COMMUNITIES].map((path) =>
      ev(
        'org-unit.created',
        {
          code: path.split('.').at(-1) ?? '',
          name: `unit ${path.length}`,
          level: path === DISTRICT ? 'district' : path.split('.').length === 3 ? 'street' : 'community',
          parentCode: null,
          path,
        },
        t(1),
        path,
        path,
      ),
    );
    // Eligible elders: 10, 10 and 2 in the three communities; 5 of community 0 and 1 of community 2 visit a centre.
    const sizes = [10, 10, 2];
    const elders = COMMUNITIES.flatMap((path, c) =>
      Array.from({ length: sizes[c] ?? 0 }, (_, i) => ({ id: `r-${c}-${i}`, path })),
    );
    const people = elders.flatMap((r) => [
      residents.registered(r.id, r.path),
      ev(
        'eligibility.assessed',
        {
          residentId: r.id,
          communityPath: r.path,
          categories: ['aged-80-plus'],
          previousCategories: [],
          ruleSetVersion: '1',
          assessedOn: `${M}-01`,
          trigger: 'registered',
        },
        t(1),
        r.id,
        r.path,
      ),
    ]);
    const visits = ['r-0-0', 'r-0-1', 'r-0-2', 'r-0-3', 'r-0-4', 'r-2-0'].map((residentId, i) =>
      ev(
        'visit.recorded',
        {
          visitId: `v-${i}`,
          centreId: 'c-1',
          residentId,
          activity: 'meal',
          checkInAt: t(3, 2),
          checkOutAt: null,
        },
        t(3, 2),
        `c-1:v-${i}`,
      ),
    );
    const credit = (id: string) =>
      ev(
        'wallet.credited',
        {
          residentId: id,
          month: M,
          ruleSetVersion: '1',
          basicCareFen: 4000,
          livingServicesFen: 6000,
          expiredFen: 0,
        },
        t(1),
        id,
      );
    const wallet = [credit('r-0-0'), credit('r-0-1')];
    const debit = ev(
      'wallet.debited',
      {
        residentId: 'r-0-0',
        orderId: 'o1',
        serviceType: 'meal-assistance',
        part: 'living-services',
        paidFen: 2500,
        copaymentFen: 500,
        freeExperience: false,
      },
      t(2, 6),
      'r-0-0',
    );
    const c1 = centre('c-1', C0, 40);
    const supply = [
      c1,
      c1,
      centre('c-2', C1, 20),
      centre('c-3', C1, 10),
      ev('centre.deactivated', { centreId: 'c-3', communityPath: C1, reason: 'closed' }, t(5), 'c-3', C1),
      ev(
        'provider.registered',
        { providerId: 'p-1', registeredOrgUnit: DISTRICT, operatingAreas: [STREET, STREET_2] },
        t(1),
        'p-1',
        DISTRICT,
      ),
      ev(
        'provider.registered',
        { providerId: 'p-2', registeredOrgUnit: OTHER_DISTRICT, operatingAreas: [OTHER_DISTRICT] },
        t(1),
        'p-2',
        OTHER_DISTRICT,
      ),
      contract('k-1', 'p-1', DISTRICT, 1_000_000, ['meal-assistance', 'bathing-assistance']),
      contract('k-1', 'p-1', DISTRICT, 1_200_000, ['meal-assistance', 'bathing-assistance'], 2),
      contract('k-2', 'p-1', STREET, 300_000, ['meal-assistance']),
      contract('k-3', 'p-2', OTHER_DISTRICT, 500_000, ['meal-assistance']),
      // Licensed and active: 4 in the street, 1 in the other street; not counted: no licence, inactive.
      ...['w-1', 'w-2', 'w-3'].map((w) => worker(w, STREET, 'social-worker')),
      worker('w-4', STREET, 'senior-social-worker'),
      worker('w-4', STREET, 'senior-social-worker'),
      worker('w-5', STREET, 'none'),
      worker('w-6', STREET, 'assistant-social-worker', false),
      worker('w-7', STREET_2, 'assistant-social-worker'),
    ];
    const o1Delivered = order.delivered('o1', t(2, 4), t(2, 5), 3000);
    const o2Dispatch = order.dispatched('o2', t(3, 0, 5));
    const orders = [
      // o1: on time (started after 4 h), request to end 300 min; rated 5; paid, 500 co-payment. Delivery sent twice.
      order.requested('o1', C0, t(2)),
      order.dispatched('o1', t(2, 0, 5)),
      order.accepted('o1', t(2, 0, 10)),
      o1Delivered,
      o1Delivered,
      order.rated('o1', 5, false),
      order.paid('o1', 2500, 500),
      // o2: declined, dispatched again, started after 72 h (late: overdue), request to end 4,440 min; rated 2 with a complaint.
      order.requested('o2', C0, t(3)),
      o2Dispatch,
      o2Dispatch,
      order.declined('o2', t(3, 1)),
      order.dispatched('o2', t(3, 2)),
      order.accepted('o2', t(3, 3)),
      order.delivered('o2', t(6), t(6, 2), 3000),
      order.rated('o2', 2, true),
      // o3 failed and o4 cancelled, both before they fell due.
      order.requested('o3', C0, t(4)),
      order.dispatched('o3', t(4, 1)),
      ev('order.failed', { orderId: 'o3', providerId: 'p-1', reason: 'elder-absent' }, t(4, 10), 'o3'),
      order.requested('o4', C0, t(5)),
      ev(
        'order.cancelled',
        { orderId: 'o4', residentId: 'r-0-0', from: 'requested', reason: 'duplicate', providerId: null },
        t(5, 1),
        'o4',
      ),
      // o5 never dispatched, o6 declined: both open, unassigned and long past due.
      order.requested('o5', C0, t(10)),
      order.requested('o6', C1, t(11)),
      order.dispatched('o6', t(11, 1)),
      order.declined('o6', t(11, 2)),
      // o7: emergency (30 min SLA) started after 20 min, ended after 60; 1,000 co-payment.
      order.requested('o7', C1, t(12), 'emergency-assistance'),
      order.dispatched('o7', t(12, 0, 5)),
      order.accepted('o7', t(12, 0, 6)),
      order.delivered('o7', t(12, 0, 20), t(12, 1), 5000),
      order.paid('o7', 4000, 1000),
    ];
    return [...units, ...people, ...visits, ...wallet, credit('r-0-0'), debit, debit, ...supply, ...orders];
  }

  it('counts supply, delivery and use per unit from the events, once each', async () => {
    await analytics.publish(fixture());
    const supply = {
      centres: 2, // c-3 deactivated; c-1 registered twice counts once
      capacity: 60,
      contracts: 1, // k-2, bought by the street; k-1 is the district's
      budgetFen: 300_000,
      licensedWorkers: 4,
      eligibleElders: 22,
      licensedWorkersPerThousand: 181.82, // 4 / 22 × 1000
      capacityPerThousand: 2727.27,
      serviceTypes: { 'meal-assistance': 1, 'bathing-assistance': 0 },
    };
    // dispatches: o1 1, o2 2 (one envelope sent twice), o3, o6, o7; overdue: o2 late, o5 and o6 open past due.
    // Request to end: 60, 300 and 4,440 minutes → buckets (30, 60], (240, 480], (4320, 10080].
    // Median rank 1.5: halfway through (240, 480] = 360; p90 rank 2.7: 0.7 through (4320, 10080] = 8352.
    const delivery = {
      requested: 7,
      dispatched: 6,
      accepted: 3,
      declined: 2,
      delivered: 3,
      failed: 1,
      cancelled: 1,
      overdue: 3,
      onTime: 2,
      deliveredFen: 11_000,
      openNow: 2,
      unassignedNow: 2,
      overdueNow: 2,
      medianMinutes: 360,
      p90Minutes: 8352,
    };
    const use = {
      visits: 6,
      visitsPerElder: 0.27, // 6 / 22
      creditedFen: { basicCare: 8000, livingServices: 12_000 }, // two elders; a credit sent twice counts once
      spentFen: { basicCare: 0, livingServices: 2500 },
      debits: 1,
      copaymentFen: 1500,
      paidOrders: 2,
    };
    const children = { [C0]: { requested: 5, openNow: 1 }, [C1]: { requested: 2, openNow: 1 } };
    // Each partition's events are counted in order, one step per run of a type: wait for every figure
    // asserted below (o6's dispatch and decline are the last events of their partition), not just some.
    const report = await eventually(
      async () =>
        (await request(analytics.url).get('/accessibility').set(district).query({ unit: STREET, month: M }))
          .body as Report,
      (r) =>
        matches(r.unit, { supply, delivery, use }) &&
        Object.entries(children).every(([path, figures]) =>
          matches(
            r.children?.find((c) => c.path === path),
            { delivery: figures },
          ),
        ),
      45_000,
    );
    expect(report.unit.supply).toMatchObject(supply);
    expect(report.unit.delivery).toMatchObject(delivery);
    expect(report.unit.use).toMatchObject(use);
    const byPath = new Map<string, Row>(report.children.map((c: Row) => [c.path, c]));
    expect(byPath.get(C0)?.delivery).toMatchObject(children[C0] ?? {});
    expect(byPath.get(C1)?.delivery).toMatchObject(children[C1] ?? {});
    expect([...byPath.keys()]).toEqual(COMMUNITIES);
  });

  it('suppresses small counts of people exactly as coverage does, and licensed workers on their own', async () => {
    const street = await request(analytics.url)
      .get('/accessibility')
      .set(district)
      .query({ unit: STREET, month: M })
      .expect(200);
    const coverage = await request(analytics.url)
      .get('/coverage')
      .set(district)
      .query({ unit: STREET, month: M, group: 'all' })
      .expect(200);
    const eligible = (rows: { path: string; value: number | null }[]) =>
      Object.fromEntries(rows.map((r) => [r.path, r.value]));
    expect(
      eligible(street.body.children.map((c: Row) => ({ path: c.path, value: c.supply.eligibleElders }))),
    ).toEqual(
      eligible(coverage.body.children.map((c: Row) => ({ path: c.path, value: c.groups.all.eligible }))),
    );
    expect(street.body.unit.supply.eligibleElders).toBe(coverage.body.unit.groups.all.eligible);
    // 2 elders in community 2 are under 3: hidden, and one more so that 22 − the rest does not give it away.
    expect(street.body.children.filter((c: Row) => c.supply.eligibleElders === null)).toHaveLength(2);
    expect(street.body.children.find((c: Row) => c.path === COMMUNITIES[2]).supply.eligibleElders).toBeNull();
    // One licensed worker in the other street: hidden, the street's 4 with it; the district's 5 stays.
    const districtReport = await eventually(
      async () =>
        (await request(analytics.url).get('/accessibility').set(district).query({ month: M })).body as Report,
      (r) => r.unit?.supply?.licensedWorkers === 5,
    );
    const streets = new Map(districtReport.children.map((c: Row) => [c.path, c.supply.licensedWorkers]));
    expect(streets.get(STREET)).toBeNull();
    expect(streets.get(STREET_2)).toBeNull();
    expect(districtReport.unit.supply).toMatchObject({ contracts: 2, budgetFen: 1_500_000 });
    expect(districtReport.unit.supply.serviceTypes).toMatchObject({
      'meal-assistance': 2,
      'bathing-assistance': 1,
    });
  });

  it('scores the providers each caller may see', async () => {
    const expected = {
      month: {
        dispatched: 6,
        declined: 2,
        declineRate: 0.3333,
        delivered: 3,
        onTime: 2,
        onTimeShare: 0.6667,
        failed: 1,
        rated: 2,
        meanRating: 3.5,
        complaints: 1,
        deliveredFen: 11_000,
        costPerDeliveryFen: 3667,
      },
      // k-1 at its amended budget and k-2; spent = what was delivered.
      overall: {
        contracts: 2,
        activeContracts: 2,
        budgetFen: 1_500_000,
        spentFen: 11_000,
        budgetUsed: 0.0073,
      },
    };
    // The provider counters are written after the unit counters of the same step: wait for them too.
    const staff = await eventually(
      async () => {
        const { status, body } = await request(analytics.url)
          .get('/scorecards')
          .set(district)
          .query({ month: M });
        return { status, body };
      },
      (r) => r.status === 200 && matches(r.body?.providers?.[0], expected),
    );
    expect(staff.body.providers.map((p: { providerId: string }) => p.providerId)).toEqual(['p-1']);
    expect(staff.body.providers[0]).toMatchObject(expected);
    const own = await request(analytics.url).get('/scorecards').set(provider).query({ month: M }).expect(200);
    expect(own.body.providers).toEqual(staff.body.providers);
    const other = await request(analytics.url)
      .get('/scorecards')
      .set(otherDistrict)
      .query({ month: M })
      .expect(200);
    expect(other.body.providers.map((p: { providerId: string }) => p.providerId)).toEqual(['p-2']);
    expect(other.body.providers[0].overall).toMatchObject({
      contracts: 1,
      budgetFen: 500_000,
      spentFen: 0,
      budgetUsed: 0,
    });
    const csv = await request(analytics.url)
      .get('/scorecards/export.csv')
      .set(provider)
      .query({ month: M })
      .expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(2);
  });

  it('exports, refuses another district and bad input, and keeps no id lists on counters', async () => {
    const csv = await request(analytics.url)
      .get('/accessibility/export.csv')
      .set(district)
      .query({ unit: STREET, month: M })
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const [header, first] = csv.text.trim().split('\r\n');
    expect(header?.startsWith('unit,name,level,centres,capacity,contracts,budget_fen,')).toBe(true);
    expect(first?.startsWith(`${STREET},`)).toBe(true);
    for (const path of ['/accessibility/export.xlsx', '/scorecards/export.xlsx']) {
      const xlsx = await readBinary(
        request(analytics.url).get(path).set(district).query({ month: M }),
      ).expect(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    }
    const refused = await request(analytics.url)
      .get('/accessibility')
      .set(otherDistrict)
      .query({ unit: STREET })
      .expect(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('org-unit.not-found');
    await request(analytics.url).get('/accessibility').set(provider).expect(403);
    const bad = await request(analytics.url)
      .get('/accessibility')
      .set(district)
      .query({ month: '2026-13' })
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('month');
    await request(analytics.url).get('/scorecards').set(district).query({ month: 'soon' }).expect(400);
    const counter = await analytics
      .db()
      .collection('accessibility_months')
      .findOne({ _id: `${STREET}:${M}` as never });
    expect(Object.keys(counter ?? {}).sort()).toEqual([
      '_id',
      'latency',
      'month',
      'orders',
      'parentMonth',
      'seq',
      'unit',
      'use',
    ]);
  });
});

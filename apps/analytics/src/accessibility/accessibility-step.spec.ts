import { COMMUNITY, event, requested } from '../../test/accessibility-unit-events.js';
import { planAccessibility, planSweep, type AccessibilityEvent } from './accessibility-step.js';
import { emptyState, type StepState } from './step-state.js';

const STREET = '2101.210102.210102001';

const ctx = { timeZone: 'Asia/Shanghai', sla: {} };
const DISTRICT = '2101.210102';

/** Runs batches through the planner as the projector does, keeping the state documents between them. */
function run(batches: AccessibilityEvent[][], state: StepState = emptyState()) {
  const counters = new Map<string, Record<string, number>>();
  for (const batch of batches) {
    const plan = planAccessibility(batch, state, ctx).build();
    for (const i of plan.increments) {
      const doc = counters.get(i._id) ?? {};
      for (const [k, n] of Object.entries(i.inc)) doc[k] = (doc[k] ?? 0) + n;
      counters.set(i._id, doc);
    }
  }
  return { counters, state };
}

const centre = (type: 'centre.registered' | 'centre.deactivated', capacity: number, at: string) =>
  type === 'centre.registered'
    ? event(type, { centreId: 'c-1', kind: 'day-care', communityPath: COMMUNITY, capacity }, at)
    : event(type, { centreId: 'c-1', communityPath: COMMUNITY, reason: 'closed' }, at);

const contract = (type: 'contract.signed' | 'contract.amended', version: number, budgetFen: number) => {
  const terms = {
    contractId: 'k-1',
    version,
    providerId: 'p-1',
    buyerOrgUnit: DISTRICT,
    period: { from: '2026-01-01', to: '2026-12-31' },
    budgetFen,
    services: [
      { serviceType: 'meal-assistance' as const, unitPriceFen: 3000 },
      { serviceType: 'bathing-assistance' as const, unitPriceFen: 5000 },
    ],
    areas: [DISTRICT],
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
  };
  return type === 'contract.signed'
    ? event(type, terms, '2026-11-01T00:00:00.000Z')
    : event(type, { ...terms, changed: ['budgetFen'] }, '2026-11-02T00:00:00.000Z');
};

describe('planning the accessibility lane', () => {
  it('counts active centres and capacity up the hierarchy, and ignores a stale redelivery', () => {
    const registered = centre('centre.registered', 40, '2026-11-01T00:00:00.000Z');
    const { counters } = run([
      [registered, registered],
      [centre('centre.deactivated', 0, '2026-11-05T00:00:00.000Z')],
      [registered],
    ]);
    expect(counters.get(DISTRICT)).toEqual({ 'centres.active': 0, 'centres.capacity': 0 });
    const once = run([[registered], [registered]]).counters;
    expect(once.get('2101')).toEqual({ 'centres.active': 1, 'centres.capacity': 40 });
    expect(once.get(COMMUNITY)).toEqual({ 'centres.active': 1, 'centres.capacity': 40 });
  });

  it('keeps the latest contract version, its budget and service types at the buyer and above', () => {
    const { counters } = run([
      [contract('contract.signed', 1, 100_000)],
      [contract('contract.amended', 2, 150_000)],
      [contract('contract.signed', 1, 100_000)],
    ]);
    expect(counters.get(DISTRICT)).toEqual({
      'contracts.active': 1,
      'contracts.budgetFen': 150_000,
      'contracts.types.meal-assistance': 1,
      'contracts.types.bathing-assistance': 1,
    });
    expect(counters.get('2101')?.['contracts.budgetFen']).toBe(150_000);
    expect(counters.get(STREET)).toBeUndefined();
    expect(counters.get('p-1')).toEqual({ contracts: 1, activeContracts: 1, budgetFen: 150_000 });
  });

  it('counts active licensed workers at their street, and where a provider is seen', () => {
    const worker = (licence: 'none' | 'social-worker', active: boolean, at: string) =>
      event(
        'provider.worker-changed',
        { providerId: 'p-1', workerId: 'w-1', role: 'worker', licence, streetPath: STREET, active },
        at,
      );
    const placed = event(
      'provider.registered',
      { providerId: 'p-1', registeredOrgUnit: DISTRICT, operatingAreas: [STREET] },
      '2026-11-01T00:00:00.000Z',
    );
    const { counters } = run([
      [worker('social-worker', true, '2026-11-01T00:00:00.000Z'), placed],
      [worker('social-worker', true, '2026-11-01T00:00:00.000Z')],
    ]);
    expect(counters.get(STREET)).toEqual({
      'workers.licensed': 1,
      'providers.p-1': 1,
      'providersAreaAt.p-1': 1,
    });
    expect(counters.get(DISTRICT)).toEqual({ 'workers.licensed': 1, 'providers.p-1': 1 });
    const off = run([
      [worker('social-worker', true, '2026-11-01T00:00:00.000Z')],
      [worker('none', true, '2026-11-02T00:00:00.000Z')],
    ]).counters;
    expect(off.get(STREET)).toEqual({ 'workers.licensed': 0 });
  });

  it('counts wallet credits and debits per part where the elder lives, once each', () => {
    const registered = event(
      'resident.registered',
      {
        residentId: 'r-1',
        communityPath: COMMUNITY,
        sex: 'female',
        birthYearMonth: '1940-01',
        hukou: 'urban',
        livingArrangement: 'alone',
        familyStatus: 'ordinary',
        economicStatus: 'ordinary',
        selfCare: 'independent',
      },
      '2026-10-01T00:00:00.000Z',
    );
    const credited = event(
      'wallet.credited',
      {
        residentId: 'r-1',
        month: '2026-11',
        ruleSetVersion: '1',
        basicCareFen: 4000,
        livingServicesFen: 6000,
        expiredFen: 0,
      },
      '2026-11-01T00:00:00.000Z',
    );
    const debited = (orderId: string, freeExperience: boolean) =>
      event(
        'wallet.debited',
        {
          residentId: 'r-1',
          orderId,
          serviceType: 'meal-assistance',
          part: 'living-services',
          paidFen: 2500,
          copaymentFen: 500,
          freeExperience,
        },
        '2026-11-10T00:00:00.000Z',
      );
    const { counters, state } = run([
      [registered, credited, debited('o-1', false)],
      [credited, debited('o-1', false), debited('o-2', true)],
    ]);
    expect(counters.get(`${STREET}:2026-11`)).toEqual({
      'use.credited.basicCare': 4000,
      'use.credited.livingServices': 6000,
      'use.spent.livingServices': 2500,
      'use.freeExperienceFen': 2500,
      'use.debits': 2,
    });
    expect(state.wallets.get('r-1:2026-11')?.path).toBe(COMMUNITY);
  });

  it('counts an order once however often its events come, and moves it as it goes', () => {
    const req = requested('o-1', '2026-11-02T00:00:00.000Z');
    const dispatched = event(
      'order.dispatched',
      {
        orderId: 'o-1',
        residentId: 'r-1',
        serviceType: 'meal-assistance',
        contractId: 'k-1',
        providerId: 'p-1',
        priceFen: 3000,
      },
      '2026-11-02T00:05:00.000Z',
    );
    const { counters } = run([[req, req], [dispatched], [req, dispatched]]);
    expect(counters.get(`${COMMUNITY}:2026-11`)).toEqual({ 'orders.requested': 1, 'orders.dispatched': 1 });
    // Once unassigned (requested), then assigned: the current counter went up and down again.
    expect(counters.get(COMMUNITY)).toEqual({ 'orders.open': 1, 'orders.unassigned': 0 });
  });

  it('counts an open order overdue when the sweep passes its due time, and only once', () => {
    const { state, counters } = run([[requested('o-1', '2026-11-02T00:00:00.000Z', 'emergency-assistance')]]);
    const order = state.orders.get('o-1');
    if (!order) throw new Error('no order');
    const sweep = planSweep([order], '2026-11-02T01:00:00.000Z|~', ctx).build();
    expect(sweep.sets.find((s) => s.collection === 'accessibility_clock')?.doc).toEqual({
      cursor: '2026-11-02T01:00:00.000Z|~',
    });
    const inc = (id: string) => sweep.increments.find((i) => i._id === id)?.inc;
    expect(inc(COMMUNITY)).toEqual({ 'orders.overdue': 1 });
    expect(inc(`${COMMUNITY}:2026-11`)).toEqual({ 'orders.overdue': 1 });
    expect(counters.get(COMMUNITY)).toEqual({ 'orders.open': 1, 'orders.unassigned': 1 });
    // Swept again from the counted state: nothing more.
    const swept = sweep.sets.find((s) => s.collection === 'accessibility_orders')?.doc;
    const again = planSweep([{ ...order, ...swept }], '2026-11-02T02:00:00.000Z|~', ctx).build();
    expect(again.increments).toEqual([]);
  });
});

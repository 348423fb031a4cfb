import {
  bearer,
  dropDatabases,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { purchasedServicesService } from '../src/purchased-services.module.js';
import {
  call,
  CREDIT_CODES,
  DISTRICT,
  of,
  OTHER_DISTRICT,
  provider,
  publishedOn,
  STREET_1,
  STREET_2,
} from './fixture.js';
import { feedResidents, residentsEvents } from './residents-fixture.js';

const HOME_1 = `${STREET_1}.210102001001`;
const CARD = '2101020000000001';
const SUSPENDED_CARD = '2101020000000002';

/** Service orders: intake by card from the read model, idempotency, dispatch, the provider's steps, money. */
describe('orders', () => {
  const ns = uniqueNamespace();
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const hotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: DISTRICT }));
  const farHotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: OTHER_DISTRICT }));
  const mainClient = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-main' }));
  const otherClient = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-other' }));
  const year = new Date().getUTCFullYear();
  const terms = {
    providerId: 'p-main',
    buyerOrgUnit: DISTRICT,
    // Around today, whenever the tests run: dispatch takes contracts in their period only.
    period: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` },
    budgetFen: 10_000,
    services: [{ serviceType: 'meal-assistance', unitPriceFen: 1500 }],
    areas: [STREET_1],
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
  };
  let service: RunningService;
  let api: ReturnType<typeof call>;
  const published = publishedOn(ns.topicPrefix);
  const order = (key: string, body: object, auth = hotline) =>
    api.post('/orders', body, { ...auth, 'Idempotency-Key': key });

  beforeAll(async () => {
    service = await startService(
      purchasedServicesService,
      testConfig('purchased-services', ns, {}, purchasedServicesService.extraConfig),
    );
    api = call(service.url);
    await api.put('/providers/p-main', provider(), district).expect(201);
    await api.put('/providers/p-other', provider(CREDIT_CODES[1], [STREET_2]), district).expect(201);
    await api.put('/contracts/k-main', terms, district).expect(201);
    const ev = residentsEvents(ns.topicPrefix);
    await feedResidents(
      ns,
      [
        ev.registered('r-1', HOME_1),
        ev.cardIssued('r-1', HOME_1, 'c-1', CARD),
        ev.registered('r-2', HOME_1),
        ev.cardIssued('r-2', HOME_1, 'c-2', SUSPENDED_CARD),
        ev.cardSuspended('r-2', HOME_1, 'c-2'),
        ev.registered('r-dead', HOME_1),
        ev.died('r-dead', HOME_1, '2026-01-05'),
      ],
      ['r-1', 'r-2', 'r-dead'],
      (copies) =>
        copies.get('r-1')?.cards.length === 1 &&
        copies.get('r-2')?.cards[0]?.status === 'suspended' &&
        copies.get('r-dead')?.alive === false,
    );
  });

  afterAll(async () => {
    await service?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('takes an order by card, dispatches it to the covering contract and reserves its price', async () => {
    const created = await order('call-1', { cardNumber: CARD, serviceType: 'meal-assistance' }).expect(201);
    expect(created.body).toMatchObject({
      residentId: 'r-1',
      communityPath: HOME_1,
      state: 'dispatched',
      contractId: 'k-main',
      providerId: 'p-main',
      priceFen: 1500,
      unassigned: false,
      overdue: false,
    });
    const id = created.body.orderId as string;
    const events = await published((all) => of(all, 'order.dispatched', id).length === 1);
    expect(of(events, 'order.requested', id)).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(CARD);
    const contract = await api.get('/contracts/k-main', district).expect(200);
    expect(contract.body).toMatchObject({ committedFen: 1500, leftFen: 8500 });

    // The same key and body: the first order, nothing new; another body under that key: 409.
    const again = await order('call-1', { cardNumber: CARD, serviceType: 'meal-assistance' }).expect(200);
    expect(again.body.orderId).toBe(id);
    const reused = await order('call-1', { residentId: 'r-1', serviceType: 'meal-assistance' }).expect(409);
    expect(reused.body.code).toBe('order.idempotency-key-reused');
    expect((await api.get('/contracts/k-main', district).expect(200)).body.committedFen).toBe(1500);
  });

  it('refuses whom the read model does not allow, and callers outside the resident’s unit', async () => {
    const unknown = await order('call-u', { cardNumber: '2101029999999999', serviceType: 'meal-assistance' });
    expect([unknown.status, unknown.body.code, unknown.body.retryable]).toEqual([
      422,
      'resident.unknown',
      true,
    ]);
    const suspended = await order('call-s', { cardNumber: SUSPENDED_CARD, serviceType: 'meal-assistance' });
    expect([suspended.status, suspended.body.code]).toEqual([422, 'card.suspended']);
    const dead = await order('call-d', { residentId: 'r-dead', serviceType: 'meal-assistance' });
    expect([dead.status, dead.body.code]).toEqual([422, 'resident.deceased']);
    await order('call-far', { residentId: 'r-1', serviceType: 'meal-assistance' }, farHotline).expect(403);
    await order('call-c', { residentId: 'r-1', serviceType: 'meal-assistance' }, mainClient).expect(403);
  });

  it('answers bad input with 400 problem+json and stores nothing', async () => {
    const before = (await api.get('/orders', district).expect(200)).body.items.length as number;
    const bodies = [
      { cardNumber: 'abc', serviceType: 'meal-assistance' },
      { residentId: 'r-1', serviceType: 'teleport' },
      { residentId: 'r-1', cardNumber: CARD, serviceType: 'meal-assistance' },
      { serviceType: 'meal-assistance' },
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await order(`call-bad-${i}`, body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await api.post('/orders', { residentId: 'r-1', serviceType: 'meal-assistance' }, hotline).expect(400);
    expect((await api.get('/orders', district).expect(200)).body.items).toHaveLength(before);
  });

  it('goes accepted → scheduled → delivered by its provider only, then spends the price and is rated', async () => {
    const created = await order('call-2', { residentId: 'r-1', serviceType: 'meal-assistance' }).expect(201);
    const id = created.body.orderId as string;
    await api.post(`/orders/${id}/accept`, {}, otherClient).expect(404);
    await api.get(`/orders/${id}`, otherClient).expect(404);
    await api.post(`/orders/${id}/accept`, {}, mainClient).expect(200);
    const early = await api.post(`/orders/${id}/deliver`, delivery(), mainClient).expect(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.body).toMatchObject({ code: 'order.illegal-transition', currentState: 'accepted' });
    const scheduledFor = new Date(Date.now() + 3_600_000).toISOString();
    await api.post(`/orders/${id}/schedule`, { scheduledFor }, mainClient).expect(200);
    const zero = delivery();
    await api.post(`/orders/${id}/deliver`, { ...zero, endedAt: zero.startedAt }, mainClient).expect(400);
    const delivered = await api.post(`/orders/${id}/deliver`, delivery(), mainClient).expect(200);
    expect(delivered.body).toMatchObject({ state: 'delivered', workerId: 'w-1', late: false });
    await api.post(`/orders/${id}/rate`, { rating: 5 }, mainClient).expect(403);
    await api.post(`/orders/${id}/rate`, { rating: 6 }, hotline).expect(400);
    expect(
      (await api.post(`/orders/${id}/rate`, { rating: 4, complaint: 'a bit late' }, hotline).expect(200))
        .body,
    ).toMatchObject({ rating: 4, complaint: 'a bit late' });
    await api.post(`/orders/${id}/rate`, { rating: 5 }, hotline).expect(409);
    const events = await published((all) => of(all, 'order.rated', id).length === 1);
    // Every step with its event's own time, in order: what the hotline's timeline shows.
    const { history } = (await api.get(`/orders/${id}`, hotline).expect(200)).body as {
      history: { event: string; at: string }[];
    };
    expect(history.map((h) => h.event)).toEqual([
      'order.requested',
      'order.dispatched',
      'order.accepted',
      'order.scheduled',
      'order.delivered',
      'order.rated',
    ]);
    for (const step of history) {
      expect(step.at).toBe(of(events, step.event, id)[0]?.occurredAt);
    }
    expect(of(events, 'order.rated', id)[0]?.payload).toEqual({
      orderId: id,
      providerId: 'p-main',
      rating: 4,
      complained: true,
    });
    expect(of(events, 'order.delivered', id)[0]?.payload).toMatchObject({
      priceFen: 1500,
      contractId: 'k-main',
    });
    // The wallet's event, in the catalogue's shape residents already consume.
    expect(of(events, 'service.delivered', id)).toHaveLength(1);
    expect(of(events, 'service.delivered', id)[0]?.payload).toEqual({
      orderId: id,
      residentId: 'r-1',
      serviceType: 'meal-assistance',
      amountFen: 1500,
      deliveredAt: delivered.body.endedAt,
      providerId: 'p-main',
      contractId: 'k-main',
    });
    // Order 1 still holds its reservation; order 2 spent its price.
    expect((await api.get('/contracts/k-main', district).expect(200)).body).toMatchObject({
      committedFen: 1500,
      spentFen: 1500,
    });
  });

  it('gives the money back when an order is cancelled, and lists an order no contract covers', async () => {
    const created = await order('call-3', { residentId: 'r-1', serviceType: 'meal-assistance' }).expect(201);
    const id = created.body.orderId as string;
    expect((await api.get('/contracts/k-main', district).expect(200)).body.committedFen).toBe(3000);
    await api.post(`/orders/${id}/cancel`, { reason: 'elder-withdrew' }, farHotline).expect(404);
    const cancelled = await api
      .post(`/orders/${id}/cancel`, { reason: 'elder-withdrew' }, hotline)
      .expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect((await api.get('/contracts/k-main', district).expect(200)).body.committedFen).toBe(1500);

    const bath = await order('call-4', { residentId: 'r-1', serviceType: 'bathing-assistance' }).expect(201);
    expect(bath.body).toMatchObject({ state: 'requested', unassigned: true, contractId: null });
    const listed = await api.get('/orders?unassigned=true', district).expect(200);
    expect(listed.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([bath.body.orderId]);
    const own = await api.get('/orders', mainClient).expect(200);
    expect(own.body.items.every((o: { providerId: string }) => o.providerId === 'p-main')).toBe(true);
    expect((await api.get('/orders', otherClient).expect(200)).body.items).toEqual([]);
    expect((await api.get('/orders?overdue=true', district).expect(200)).body.items).toEqual([]);
  });

  it('dispatches a declined order to the next contract, and leaves it unassigned when none is left', async () => {
    const thirdClient = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-third' }));
    await api.put('/providers/p-third', provider(CREDIT_CODES[2], [STREET_1]), district).expect(201);
    const cleaning = {
      ...terms,
      budgetFen: 5000,
      services: [{ serviceType: 'cleaning-assistance', unitPriceFen: 2000 }],
    };
    await api.put('/contracts/k-c1', cleaning, district).expect(201);
    await api.put('/contracts/k-c2', { ...cleaning, providerId: 'p-third' }, district).expect(201);
    const committed = async (id: string) =>
      (await api.get(`/contracts/${id}`, district).expect(200)).body.committedFen as number;

    const created = await order('call-5', { residentId: 'r-1', serviceType: 'cleaning-assistance' }).expect(
      201,
    );
    const id = created.body.orderId as string;
    // Both have no open orders: the lower id wins.
    expect(created.body).toMatchObject({ contractId: 'k-c1', providerId: 'p-main' });
    const moved = await api.post(`/orders/${id}/decline`, { reason: 'no-capacity' }, mainClient).expect(200);
    expect(moved.body).toMatchObject({ state: 'dispatched', contractId: 'k-c2', providerId: 'p-third' });
    expect([await committed('k-c1'), await committed('k-c2')]).toEqual([0, 2000]);
    await api.get(`/orders/${id}`, mainClient).expect(404);
    await api.post(`/orders/${id}/decline`, { reason: 'busy' }, thirdClient).expect(400);
    const left = await api.post(`/orders/${id}/decline`, { reason: 'outside-area' }, thirdClient).expect(200);
    expect(left.body).toMatchObject({
      state: 'declined',
      unassigned: true,
      contractId: null,
      reason: 'outside-area',
    });
    expect([await committed('k-c1'), await committed('k-c2')]).toEqual([0, 0]);
    const events = await published((all) => of(all, 'order.declined', id).length === 2);
    expect(of(events, 'order.dispatched', id).map((e) => e.payload.contractId)).toEqual(['k-c1', 'k-c2']);
  });
});

function delivery() {
  // Started just now (after the order was taken), ended within the few minutes ahead a clock may run.
  const startedAt = new Date();
  return {
    workerId: 'w-1',
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + 60_000).toISOString(),
  };
}

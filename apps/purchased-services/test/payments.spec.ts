import { createEvent, topicName, Topics, type EventEnvelope } from '#anlao/events';
import {
  bearer,
  dropDatabases,
  eventually,
  startService,
  testConfig,
  testKafka,
  testProducer,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { purchasedServicesService } from '../src/purchased-services.module.js';
import { OrderRepository } from '../src/orders/order.repository.js';
import { transition } from '../src/orders/order-state.js';
import { factsOf } from '../src/orders/order-view.js';
import { ORDER_PAYMENTS_GROUP } from '../src/orders/order-payments.consumer.js';
import { call, DISTRICT, of, OTHER_DISTRICT, provider, publishedOn, STREET_1 } from './fixture.js';
import { feedResidents, residentsEvents } from './residents-fixture.js';

const HOME = `${STREET_1}.210102001001`;

/**
 * The payment saga and what follows an order's steps (ADR 0026): the wallet's answers make an
 * order paid or payment-rejected once, however often they come; the contract's money follows the
 * order's own events (so a crash between the two writes is finished); waiting orders go out when
 * a contract appears, or when staff send them; budget and period bound dispatch; overdue is flagged.
 */
describe('order payments and follow-up', () => {
  const ns = uniqueNamespace();
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const hotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: DISTRICT }));
  const farHotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: OTHER_DISTRICT }));
  const client = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-pay' }));
  const year = new Date().getUTCFullYear();
  const terms = (serviceType: string, budgetFen: number, unitPriceFen: number) => ({
    providerId: 'p-pay',
    buyerOrgUnit: DISTRICT,
    period: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` },
    budgetFen,
    services: [{ serviceType, unitPriceFen }],
    areas: [STREET_1],
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
  });
  let service: RunningService;
  let api: ReturnType<typeof call>;
  let emergencyId: string;
  const published = publishedOn(ns.topicPrefix);
  const config = () =>
    testConfig(
      'purchased-services',
      ns,
      { SERVICE_SLA_MINUTES: 'emergency-assistance=1' },
      purchasedServicesService.extraConfig,
    );
  let calls = 0;
  const order = async (serviceType: string) => {
    calls += 1;
    const res = await api
      .post('/orders', { residentId: 'r-1', serviceType }, { ...hotline, 'Idempotency-Key': `pay-${calls}` })
      .expect(201);
    return res.body as { orderId: string; state: string; contractId: string | null; unassigned: boolean };
  };
  const read = async (id: string) =>
    (await api.get(`/orders/${id}`, district).expect(200)).body as Record<string, unknown>;
  const contract = async (id: string) =>
    (await api.get(`/contracts/${id}`, district).expect(200)).body as {
      spentFen: number;
      committedFen: number;
      leftFen: number;
    };
  const report = (id: string) => {
    const startedAt = new Date();
    const body = {
      workerId: 'w-1',
      startedAt: startedAt.toISOString(),
      endedAt: new Date(startedAt.getTime() + 60_000).toISOString(),
    };
    return api.post(`/orders/${id}/deliver`, body, client);
  };
  const deliver = async (id: string) => {
    await api.post(`/orders/${id}/accept`, {}, client).expect(200);
    const scheduledFor = new Date(Date.now() + 3_600_000).toISOString();
    await api.post(`/orders/${id}/schedule`, { scheduledFor }, client).expect(200);
    return report(id);
  };
  /** The residents service's answers, as it publishes them on its topic. */
  const walletAnswer = (
    type: 'wallet.debited' | 'wallet.debit-rejected',
    orderId: string,
    payload: Record<string, unknown>,
  ): EventEnvelope =>
    createEvent({
      type,
      source: 'residents',
      subject: 'r-1',
      orgUnit: HOME,
      correlationId: `pay-${orderId}`,
      payload: { residentId: 'r-1', orderId, ...payload },
    } as Parameters<typeof createEvent>[0]);
  const answer = async (events: EventEnvelope[]) => {
    const producer = await testProducer(ns, 'wallet-answers');
    try {
      await producer.publish(events);
    } finally {
      await producer.disconnect();
    }
  };

  beforeAll(async () => {
    service = await startService(purchasedServicesService, config());
    api = call(service.url);
    await api.put('/providers/p-pay', provider(undefined, [STREET_1]), district).expect(201);
    await api.put('/contracts/k-meal', terms('meal-assistance', 100_000, 1500), district).expect(201);
    const ev = residentsEvents(ns.topicPrefix);
    await feedResidents(ns, [ev.registered('r-1', HOME)], ['r-1'], (copies) => copies.has('r-1'));
    // Taken first, judged last: no contract buys emergency help, and its target is one minute here.
    emergencyId = (await order('emergency-assistance')).orderId;
  });

  afterAll(async () => {
    await service?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('pays a delivered order once from the wallet’s answer, however often it comes', async () => {
    const { orderId } = await order('meal-assistance');
    expect((await deliver(orderId)).status).toBe(200);
    // A second delivery report is refused by the state machine and publishes nothing.
    const again = await report(orderId);
    expect([again.status, again.body.currentState]).toEqual([409, 'delivered']);
    const debited = walletAnswer('wallet.debited', orderId, {
      serviceType: 'meal-assistance',
      part: 'living-services',
      paidFen: 1000,
      copaymentFen: 500,
      freeExperience: false,
    });
    // The same event twice (a redelivery), and the same answer under a new event id (a resend).
    const resent = walletAnswer('wallet.debited', orderId, { ...debited.payload });
    await answer([debited, debited]);
    await answer([debited, resent]);
    const paid = await eventually(
      () => read(orderId),
      (o) => o.state === 'paid',
    );
    expect(paid).toMatchObject({ paymentPart: 'living-services', subsidyFen: 1000, copaymentFen: 500 });
    // The rating still comes after payment.
    await api.post(`/orders/${orderId}/rate`, { rating: 5 }, hotline).expect(200);
    const events = await published((all) => of(all, 'order.rated', orderId).length === 1);
    expect(of(events, 'order.paid', orderId)).toHaveLength(1);
    expect(of(events, 'order.paid', orderId)[0]?.payload).toEqual({
      orderId,
      residentId: 'r-1',
      providerId: 'p-pay',
      contractId: 'k-meal',
      part: 'living-services',
      subsidyFen: 1000,
      copaymentFen: 500,
      freeExperience: false,
    });
    expect(of(events, 'service.delivered', orderId)).toHaveLength(1);
    expect(of(events, 'order.delivered', orderId)).toHaveLength(1);
    // A late refusal for a paid order changes nothing.
    await answer([walletAnswer('wallet.debit-rejected', orderId, { reason: 'resident-deceased' })]);
    const other = await order('meal-assistance');
    expect((await deliver(other.orderId)).status).toBe(200);
    await answer([walletAnswer('wallet.debit-rejected', other.orderId, { reason: 'resident-deceased' })]);
    const refused = await eventually(
      () => read(other.orderId),
      (o) => o.state === 'payment-rejected',
    );
    expect(refused.reason).toBe('resident-deceased');
    expect((await read(orderId)).state).toBe('paid');
    const listed = await api.get('/orders?status=payment-rejected', district).expect(200);
    expect(listed.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([other.orderId]);
  });

  it('pays nothing twice when its consumer dies before committing and reads every answer again', async () => {
    const paidBefore = async () => {
      const all = await published(() => true);
      return all.filter((e) => e.type === 'order.paid').map((e) => e.subject);
    };
    const before = await paidBefore();
    expect(before.length).toBeGreaterThan(0);
    // As if the process died before any offset was committed: the group starts from the beginning.
    await service.close();
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.resetOffsets({
        groupId: `${ns.topicPrefix}${ORDER_PAYMENTS_GROUP}`,
        topic: topicName(Topics.residents, ns.topicPrefix),
        earliest: true,
      });
    } finally {
      await admin.disconnect();
    }
    service = await startService(purchasedServicesService, config());
    api = call(service.url);
    // One more delivered order, answered after the restart: once it is paid, every earlier answer was read again.
    const { orderId } = await order('meal-assistance');
    expect((await deliver(orderId)).status).toBe(200);
    await answer([
      walletAnswer('wallet.debited', orderId, {
        serviceType: 'meal-assistance',
        part: 'living-services',
        paidFen: 1500,
        copaymentFen: 0,
        freeExperience: false,
      }),
    ]);
    await eventually(
      () => read(orderId),
      (o) => o.state === 'paid',
    );
    const after = await published((all) => of(all, 'order.paid', orderId).length === 1);
    expect(after.filter((e) => e.type === 'order.paid').map((e) => e.subject)).toEqual([...before, orderId]);
  });

  it('finishes the contract’s money from the order’s event after a crash between the two writes', async () => {
    const { orderId } = await order('meal-assistance');
    await api.post(`/orders/${orderId}/accept`, {}, client).expect(200);
    await api
      .post(`/orders/${orderId}/schedule`, { scheduledFor: new Date().toISOString() }, client)
      .expect(200);
    const before = await contract('k-meal');
    // The order's write exactly as the use case makes it, and no contract write after it: a crash.
    const orders = service.app.get(OrderRepository);
    const stored = await orders.findById(orderId);
    if (!stored) throw new Error('order not stored');
    const startedAt = new Date();
    const { next, event } = transition(factsOf(stored), {
      kind: 'deliver',
      workerId: 'w-2',
      startedAt: startedAt.toISOString(),
      endedAt: new Date(startedAt.getTime() + 60_000).toISOString(),
    });
    const envelope = createEvent({
      ...event,
      source: 'purchased-services',
      subject: orderId,
      orgUnit: HOME,
      correlationId: 'crash-test',
    });
    expect(await orders.update(stored, next, [envelope])).toMatchObject({ state: 'delivered' });
    expect((await contract('k-meal')).spentFen).toBe(before.spentFen);
    const after = await eventually(
      () => contract('k-meal'),
      (c) => c.spentFen === before.spentFen + 1500,
    );
    expect(after.committedFen).toBe(before.committedFen - 1500);
  });

  it('bounds dispatch by budget and period, and sends waiting orders out when a contract appears', async () => {
    // Room for one bath: the second waits.
    await api.put('/contracts/k-bath', terms('bathing-assistance', 3000, 2000), district).expect(201);
    const first = await order('bathing-assistance');
    const second = await order('bathing-assistance');
    expect([first.contractId, second.contractId, second.unassigned]).toEqual(['k-bath', null, true]);
    // A contract whose period is over takes nothing.
    const expired = {
      ...terms('cleaning-assistance', 100_000, 1000),
      period: { from: `${year - 2}-01-01`, to: `${year - 2}-12-31` },
    };
    await api.put('/contracts/k-old', expired, district).expect(201);
    const cleaning = await order('cleaning-assistance');
    expect([cleaning.state, cleaning.unassigned]).toEqual(['requested', true]);
    // Staff may send it again by hand: still nothing covers it, so it still waits.
    await api.post(`/orders/${cleaning.orderId}/dispatch`, {}, farHotline).expect(404);
    const still = await api.post(`/orders/${cleaning.orderId}/dispatch`, {}, hotline).expect(200);
    expect([still.body.state, still.body.unassigned]).toEqual(['requested', true]);
    const refused = await api.post(`/orders/${first.orderId}/dispatch`, {}, hotline).expect(409);
    expect(refused.body).toMatchObject({ code: 'order.illegal-transition', currentState: 'dispatched' });

    // A new contract for cleaning: the waiting order goes out without anyone asking.
    await api.put('/contracts/k-clean', terms('cleaning-assistance', 10_000, 1200), district).expect(201);
    const sent = await eventually(
      () => read(cleaning.orderId),
      (o) => o.state === 'dispatched',
    );
    expect(sent).toMatchObject({ contractId: 'k-clean', unassigned: false, priceFen: 1200 });
    // More budget on the bath contract: the second bath goes out too.
    await api.patch('/contracts/k-bath', { budgetFen: 4000 }, district).expect(200);
    const bath = await eventually(
      () => read(second.orderId),
      (o) => o.state === 'dispatched',
    );
    expect(bath.contractId).toBe('k-bath');
    expect(await contract('k-bath')).toMatchObject({ committedFen: 4000, leftFen: 0 });
  });

  it('flags an open order past its type’s target as overdue and lists it for staff', async () => {
    const overdue = await eventually(
      () => read(emergencyId),
      (o) => o.overdue === true,
      90_000,
    );
    expect(overdue).toMatchObject({ state: 'requested', targetMinutes: 1 });
    const listed = await api.get('/orders?overdue=true', district).expect(200);
    expect(listed.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([emergencyId]);
    // Closed orders are never overdue, however old.
    await api.post(`/orders/${emergencyId}/cancel`, { reason: 'elder-hospitalised' }, hotline).expect(200);
    expect((await read(emergencyId)).overdue).toBe(false);
  }, 120_000);
});

import ExcelJS from 'exceljs';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  eventually,
  finishedJob,
  jobUrl,
  startService,
  testConfig,
  testProducer,
  tokenFor,
  uniqueNamespace,
  type JobBody,
  type RunningService,
} from '#anlao/testing';
import { purchasedServicesService } from '../src/purchased-services.module.js';
import type { SettlementView } from '../src/settlements/settlement.dto.js';
import { call, CREDIT_CODES, DISTRICT, OTHER_DISTRICT, provider, STREET_1 } from './fixture.js';
import { feedResidents, residentsEvents } from './residents-fixture.js';

const HOME = `${STREET_1}.210102001001`;
const CARD = '2101020000000101';
const PROBLEM = 'application/problem+json';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Monthly statements (ADR 0027): orders taken by card, delivered by the provider, paid or refused
 * by the wallet's answers on the residents topic; the statement made by a job, exactly; made
 * again it is the same document, and a late payment answer replaces it; scoped reads; exports.
 */
describe('settlements', () => {
  const ns = uniqueNamespace();
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const street = bearer(tokenFor({ role: 'street-staff', orgUnit: STREET_1 }));
  const farDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: OTHER_DISTRICT }));
  const hotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: DISTRICT }));
  const client = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-set' }));
  const rival = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-rival' }));
  const year = new Date().getUTCFullYear();
  const terms = (providerId: string, services: { serviceType: string; unitPriceFen: number }[]) => ({
    providerId,
    buyerOrgUnit: DISTRICT,
    period: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` },
    budgetFen: 100_000,
    services,
    areas: [STREET_1],
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
  });
  let service: RunningService;
  let api: ReturnType<typeof call>;
  /** Every delivery ends at this instant: all four fall in one local month, whatever the clock. */
  let endedAt: string;
  let month: string;
  let statementId: string;
  const ids = { mealPaid: '', mealFree: '', cleanLate: '', cleanPending: '' };

  const takeOrder = async (key: string, serviceType: string) => {
    const res = await api
      .post('/orders', { cardNumber: CARD, serviceType }, { ...hotline, 'Idempotency-Key': key })
      .expect(201);
    expect(res.body).toMatchObject({ state: 'dispatched', contractId: 'k-set' });
    return res.body.orderId as string;
  };
  const deliver = async (id: string, startedAt: string) => {
    await api.post(`/orders/${id}/accept`, {}, client).expect(200);
    const scheduledFor = new Date(Date.now() + 3_600_000).toISOString();
    await api.post(`/orders/${id}/schedule`, { scheduledFor }, client).expect(200);
    await api.post(`/orders/${id}/deliver`, { workerId: 'w-1', startedAt, endedAt }, client).expect(200);
  };
  /** The residents service's answers, as it publishes them on its topic. */
  const answer = async (events: EventEnvelope[]) => {
    const producer = await testProducer(ns, 'settlement-wallet-answers');
    try {
      await producer.publish(events);
    } finally {
      await producer.disconnect();
    }
  };
  const walletAnswer = (type: 'wallet.debited' | 'wallet.debit-rejected', orderId: string, payload: object) =>
    createEvent({
      type,
      source: 'residents',
      subject: 'r-1',
      orgUnit: HOME,
      correlationId: `settle-${orderId}`,
      payload: { residentId: 'r-1', orderId, ...payload },
    } as Parameters<typeof createEvent>[0]);
  const debited = (
    orderId: string,
    serviceType: string,
    paidFen: number,
    copaymentFen: number,
    free = false,
  ) =>
    walletAnswer('wallet.debited', orderId, {
      serviceType,
      part: 'living-services',
      paidFen,
      copaymentFen,
      freeExperience: free,
    });
  const stateOf = async (id: string) =>
    (await api.get(`/orders/${id}`, district).expect(200)).body.state as string;
  const runJob = async (body: object, auth = district): Promise<JobBody> => {
    const posted = await api.post('/settlements/jobs', body, auth).expect(202);
    return finishedJob(jobUrl(`${service.url}/settlements/jobs`, posted.headers.location), auth);
  };
  const statement = async (auth = district) =>
    (await api.get(`/settlements/${statementId}`, auth).expect(200)).body as SettlementView;

  beforeAll(async () => {
    service = await startService(
      purchasedServicesService,
      testConfig(
        'purchased-services',
        ns,
        { SERVICE_SLA_MINUTES: 'cleaning-assistance=1' },
        purchasedServicesService.extraConfig,
      ),
    );
    api = call(service.url);
    await api.put('/providers/p-set', provider(), district).expect(201);
    await api.put('/providers/p-rival', provider(CREDIT_CODES[1], [STREET_1]), district).expect(201);
    const services = [
      { serviceType: 'meal-assistance', unitPriceFen: 1500 },
      { serviceType: 'cleaning-assistance', unitPriceFen: 2000 },
    ];
    await api.put('/contracts/k-set', terms('p-set', services), district).expect(201);
    const bathing = [{ serviceType: 'bathing-assistance', unitPriceFen: 3000 }];
    await api.put('/contracts/k-rival', terms('p-rival', bathing), district).expect(201);
    const ev = residentsEvents(ns.topicPrefix);
    await feedResidents(
      ns,
      [ev.registered('r-1', HOME), ev.cardIssued('r-1', HOME, 'c-1', CARD)],
      ['r-1'],
      (copies) => copies.get('r-1')?.cards.length === 1,
    );

    ids.mealPaid = await takeOrder('set-1', 'meal-assistance');
    ids.mealFree = await takeOrder('set-2', 'meal-assistance');
    ids.cleanLate = await takeOrder('set-3', 'cleaning-assistance');
    ids.cleanPending = await takeOrder('set-4', 'cleaning-assistance');
    const now = Date.now();
    endedAt = new Date(now + 4 * 60_000).toISOString();
    month = localDay(endedAt, 'Asia/Shanghai').slice(0, 7);
    statementId = `k-set:${month}`;
    const onTime = new Date(now).toISOString();
    // Cleaning's target is one minute here: a start 2.5 minutes after the call is late.
    const late = new Date(now + 150_000).toISOString();
    for (const id of [ids.mealPaid, ids.mealFree, ids.cleanPending]) await deliver(id, onTime);
    await deliver(ids.cleanLate, late);

    await answer([
      debited(ids.mealPaid, 'meal-assistance', 1000, 500),
      debited(ids.mealFree, 'meal-assistance', 1500, 0, true),
      walletAnswer('wallet.debit-rejected', ids.cleanLate, { reason: 'resident-deceased' }),
    ]);
    await eventually(
      async () => [await stateOf(ids.mealPaid), await stateOf(ids.mealFree), await stateOf(ids.cleanLate)],
      (states) => states.join() === 'paid,paid,payment-rejected',
      30_000,
    );
    await api.post(`/orders/${ids.mealPaid}/rate`, { rating: 5 }, hotline).expect(200);
    await api
      .post(`/orders/${ids.mealFree}/rate`, { rating: 4, complaint: 'the soup was cold' }, hotline)
      .expect(200);
    await api.post(`/orders/${ids.cleanLate}/rate`, { rating: 4 }, hotline).expect(200);
  });

  afterAll(async () => {
    await service?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('generates the contract’s statement in a job, every figure exact', async () => {
    const job = await runJob({ month, contractId: 'k-set' });
    expect(job).toMatchObject({
      kind: 'settlement.generate',
      status: 'succeeded',
      params: { month, contractId: 'k-set' },
      progress: { done: 1, total: 1 },
      counts: { created: 1 },
      errors: [],
    });
    const body = await statement();
    expect(body).toMatchObject({
      settlementId: statementId,
      contractId: 'k-set',
      providerId: 'p-set',
      buyerOrgUnit: DISTRICT,
      areas: [STREET_1],
      month,
      generatedBy: job.jobId,
      revision: 1,
    });
    expect(body.figures).toEqual({
      deliveredCount: 4,
      amountFen: 7000,
      byServiceType: [
        { serviceType: 'cleaning-assistance', unitPriceFen: 2000, count: 2, amountFen: 4000 },
        { serviceType: 'meal-assistance', unitPriceFen: 1500, count: 2, amountFen: 3000 },
      ],
      subsidyFen: 2500,
      copaymentFen: 500,
      paidCount: 2,
      paymentsPending: 1,
      paymentsRejected: 1,
      freeExperienceCount: 1,
      onTimeCount: 3,
      onTimeShare: 0.75,
      ratedCount: 3,
      meanRating: 4.33,
      complaints: 1,
    });
    expect(body.budget).toEqual({ budgetFen: 100_000, spentFen: 7000, committedFen: 0, leftFen: 93_000 });
    expect(body.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('generated again (every contract of the unit) it is the same statement: same id, time and content', async () => {
    const before = await statement();
    const job = await runJob({ month });
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 2, total: 2 } });
    // The rival's contract had no delivery, but the month is in its period: a statement of zeros.
    expect(job.counts).toEqual({ unchanged: 1, created: 1 });
    expect(await statement()).toEqual(before);
    const listed = await api.get(`/settlements?month=${month}`, district).expect(200);
    expect(listed.body.items.map((s: { settlementId: string }) => s.settlementId)).toEqual([
      `k-rival:${month}`,
      statementId,
    ]);
  });

  it('shows a statement only to those who see its contract', async () => {
    for (const auth of [rival, farDistrict]) {
      const hidden = await api.get(`/settlements/${statementId}`, auth).expect(404);
      expect(hidden.headers['content-type']).toContain(PROBLEM);
      expect(hidden.body.code).toBe('settlement.not-found');
      await api.get(`/settlements/${statementId}/export.csv`, auth).expect(404);
      await api.get(`/settlements/${statementId}/export.xlsx`, auth).expect(404);
    }
    const rivals = await api.get('/settlements', rival).expect(200);
    expect(rivals.body.items.map((s: { settlementId: string }) => s.settlementId)).toEqual([
      `k-rival:${month}`,
    ]);
    const own = await api.get('/settlements', client).expect(200);
    expect(own.body.items.map((s: { settlementId: string }) => s.settlementId)).toEqual([statementId]);
    expect((await api.get('/settlements', farDistrict).expect(200)).body.items).toEqual([]);
    // A street's staff see it (an area of theirs) but do not settle the district's contract.
    expect((await statement(street)).settlementId).toBe(statementId);
    await api.post('/settlements/jobs', { month, contractId: 'k-set' }, street).expect(403);
    await api.post('/settlements/jobs', { month, contractId: 'k-set' }, client).expect(403);
    await api.post('/settlements/jobs', { month, contractId: 'k-nobody' }, district).expect(404);
    // Paged by id.
    const first = await api.get(`/settlements?month=${month}&limit=1`, district).expect(200);
    expect(first.body.next).toBe(`k-rival:${month}`);
    const second = await api.get(`/settlements?month=${month}&limit=1&after=${first.body.next}`, district);
    expect(second.body.items.map((s: { settlementId: string }) => s.settlementId)).toEqual([statementId]);
  });

  it('exports the orders as CSV, ids and codes only, money in fen and yuan', async () => {
    const res = await api.get(`/settlements/${statementId}/export.csv`, client).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="settlement-k-set-${month}.csv"`);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'orderId,serviceType,deliveredAt,priceFen,priceYuan,subsidyFen,subsidyYuan,copaymentFen,copaymentYuan,state,late,rating',
    );
    expect(lines.slice(1).sort()).toEqual(
      [
        `${ids.mealPaid},meal-assistance,${endedAt},1500,15.00,1000,10.00,500,5.00,paid,false,5`,
        `${ids.mealFree},meal-assistance,${endedAt},1500,15.00,1500,15.00,0,0.00,paid,false,4`,
        `${ids.cleanLate},cleaning-assistance,${endedAt},2000,20.00,,,,,payment-rejected,true,4`,
        `${ids.cleanPending},cleaning-assistance,${endedAt},2000,20.00,,,,,delivered,false,`,
      ].sort(),
    );
    expect(res.text).not.toContain('r-1');
    expect(res.text).not.toContain('soup');
  });

  it('exports the statement as an Excel workbook: Summary and Orders', async () => {
    const res = await fetch(`${service.url}/settlements/${statementId}/export.xlsx`, { headers: district });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="settlement-k-set-${month}.xlsx"`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Summary', 'Orders']);
    const summary = book.getWorksheet('Summary');
    const item = (name: string) => {
      let found: ExcelJS.Row | undefined;
      summary?.eachRow((row) => {
        if (row.getCell(1).value === name) found = row;
      });
      return found;
    };
    expect(item('amountFen')?.getCell(2).value).toBe(7000);
    expect(item('amountFen')?.getCell(3).value).toBe(70);
    expect(item('meanRating')?.getCell(2).value).toBe(4.33);
    expect(item('leftFen')?.getCell(2).value).toBe(93_000);
    const orders = book.getWorksheet('Orders');
    expect(orders?.rowCount).toBe(5);
    expect(orders?.getRow(1).getCell(1).value).toBe('orderId');
    const rowOf = (id: string) => {
      let found: ExcelJS.Row | undefined;
      orders?.eachRow((row) => {
        if (row.getCell(1).value === id) found = row;
      });
      return found;
    };
    // priceFen, priceYuan, …, state, late.
    const paid = rowOf(ids.mealPaid);
    expect([paid?.getCell(4).value, paid?.getCell(5).value, paid?.getCell(10).value]).toEqual([
      1500,
      15,
      'paid',
    ]);
    expect(rowOf(ids.cleanLate)?.getCell(11).value).toBe(true);
  });

  it('a late payment answer changes the figures: generated again, the statement is replaced (revision 2)', async () => {
    const before = await statement();
    await answer([debited(ids.cleanPending, 'cleaning-assistance', 2000, 0)]);
    await eventually(
      () => stateOf(ids.cleanPending),
      (state) => state === 'paid',
      30_000,
    );
    const job = await runJob({ month, contractId: 'k-set' });
    expect(job.counts).toEqual({ replaced: 1 });
    const after = await statement();
    expect(after).toMatchObject({ settlementId: statementId, revision: 2, generatedBy: job.jobId });
    expect(after.figures).toMatchObject({
      paidCount: 3,
      paymentsPending: 0,
      subsidyFen: 4500,
      amountFen: 7000,
    });
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(Date.parse(after.generatedAt)).toBeGreaterThan(Date.parse(before.generatedAt));
  });

  it('refuses a bad or future month with 400 problem+json naming the field, and queues nothing', async () => {
    for (const bad of ['2026-13', '2026-1', 'november']) {
      const res = await api.post('/settlements/jobs', { month: bad }, district).expect(400);
      expect(res.headers['content-type']).toContain(PROBLEM);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['month']);
    }
    const future = await api.post('/settlements/jobs', { month: `${year + 1}-12` }, district).expect(400);
    expect(future.headers['content-type']).toContain(PROBLEM);
    expect([future.body.code, future.body.errors[0]?.field]).toEqual(['settlement.future-month', 'month']);
    await api.get('/settlements?month=2026-00', district).expect(400);
    await api.get('/settlements/not-a-statement', district).expect(400);
    const jobs = await api.get('/jobs?kind=settlement.generate', district).expect(200);
    expect(jobs.body.items).toHaveLength(3);
  });
});

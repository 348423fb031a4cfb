import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import { residentsService } from '../apps/residents/src/residents.module.js';
import { ResidentsConfigSchema } from '../apps/residents/src/residents.config.js';
import { purchasedServicesService } from '../apps/purchased-services/src/purchased-services.module.js';
import { createStaffAccount } from '../apps/gateway/src/identity/account.usecases.js';
import { CredentialsRepository } from '../apps/gateway/src/identity/credentials.repository.js';
import { nationalId, ORG_UNITS_CSV, personFixture } from '../apps/residents/test/fixtures.js';
import { CREDIT_CODES, provider } from '../apps/purchased-services/test/fixture.js';
import { localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  eventually,
  finishedJob,
  jobUrl,
  startService,
  testConfig,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

interface OrderBody {
  orderId: string;
  residentId: string;
  communityPath: string;
  serviceType: string;
  state: string;
  contractId: string | null;
  providerId: string | null;
  priceFen: number | null;
  unassigned: boolean;
  workerId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  rating: number | null;
  paymentPart: string | null;
  subsidyFen: number | null;
  copaymentFen: number | null;
  freeExperience: boolean | null;
}

interface ContractBody {
  contractId: string;
  providerId: string;
  committedFen: number;
  spentFen: number;
  leftFen: number;
}

interface WalletBody {
  residentId: string;
  balances: Record<string, number>;
  entries: { kind: string; part: string; amountFen: number; orderId?: string }[];
}

interface Delivered {
  orderId: string;
  month: string;
  subsidyFen: number;
  copaymentFen: number;
  freeExperience: boolean;
  rating: number | null;
}

/** The same day `years` earlier; 29 February of a year without one becomes the 28th. */
function yearsBefore(day: string, years: number): string {
  const candidate = `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
  const parsed = new Date(`${candidate}T00:00:00Z`);
  return parsed.toISOString().slice(0, 10) === candidate ? candidate : candidate.replace(/-29$/, '-28');
}

/**
 * Issue [7/11] "Purchased services", tried as a new user would, through the gateway and Kafka
 * only: the city admin sets up the district and its people; residents registers two elders, issues
 * their cards and credits the month; staff register providers and sign contracts, the admin issues
 * the providers' clients; the hotline orders by card number (idempotently, retrying while the
 * purchased-services read model catches up); the provider delivers with its own token; the wallet
 * pays (the saga over Kafka), the contract spends; the hotline rates; a 60+ ordinary elder's first
 * service is the free experience one; a second provider sees none of it; the month is settled.
 */
describe('a hotline order through the gateway', () => {
  const ns = uniqueNamespace();
  const DISTRICT = '2101.210102';
  const STREET = `${DISTRICT}.210102001`;
  const HOME = `${STREET}.210102001001`;
  const PASSWORD = 'a long demo passphrase';
  const PRICE = 1500;
  const CLEANING_PRICE = 2000;
  const PROBLEM = 'application/problem+json';
  const today = localDay(new Date(), 'Asia/Shanghai');
  const year = Number(today.slice(0, 4));
  const monthOf = (instant: string) => localDay(new Date(instant), 'Asia/Shanghai').slice(0, 7);
  let residents: RunningService;
  let purchased: RunningService;
  let gateway: RunningService;
  let admin: Record<string, string>;
  let district: Record<string, string>;
  let hotline: Record<string, string>;
  let yikang: Record<string, string>;
  let kangning: Record<string, string>;
  const elder = { id: '', card: '' };
  const younger = { id: '', card: '' };
  let firstOrder = '';
  let cleaningOrder = '';
  const delivered: Delivered[] = [];

  /** The gateway routes `/api/<service>/...` to that service. */
  const res = (path: string) => `/api/residents${path}`;
  const ps = (path: string) => `/api/purchased-services${path}`;
  const get = (path: string, auth: Record<string, string>) => request(gateway.url).get(path).set(auth);
  const post = (path: string, auth: Record<string, string>, body: object = {}) =>
    request(gateway.url).post(path).set(auth).send(body);
  const put = (path: string, auth: Record<string, string>, body: object) =>
    request(gateway.url).put(path).set(auth).send(body);
  const signIn = async (username: string) => {
    const signedIn = await request(gateway.url)
      .post('/auth/sign-in')
      .send({ username, password: PASSWORD })
      .expect(200);
    return bearer(signedIn.body.accessToken as string);
  };
  const organisationToken = async (organisationId: string) => {
    const issued = await post('/admin/api-clients', admin, {
      kind: 'organisation',
      organisationId,
      orgUnit: DISTRICT,
    }).expect(201);
    const { clientId, clientSecret } = issued.body as { clientId: string; clientSecret: string };
    const token = await request(gateway.url).post('/auth/token').send({ clientId, clientSecret }).expect(200);
    return bearer(token.body.accessToken as string);
  };
  /** A long operation answers 202 and `Location`; the job read through the gateway once it has ended. */
  const finished = async (posted: request.Response, path: string, auth: Record<string, string>) => {
    expect(posted.status).toBe(202);
    const url = jobUrl(`${gateway.url}${path}`, posted.headers.location);
    expect(new URL(url).pathname).toBe(`${path.split('/').slice(0, 3).join('/')}/jobs/${posted.body.jobId}`);
    return finishedJob(url, auth);
  };
  const readOrder = async (id: string, auth = hotline) =>
    (await get(ps(`/orders/${id}`), auth).expect(200)).body as OrderBody;
  const readContract = async (id: string) =>
    (await get(ps(`/contracts/${id}`), district).expect(200)).body as ContractBody;
  const readWallet = async (residentId: string) =>
    (await get(res(`/residents/${residentId}/wallet`), district).expect(200)).body as WalletBody;

  /**
   * Takes an order by card number as the hotline's desk would: the purchased-services copy of the
   * residents may trail the card's issue by a moment (422 `resident.unknown`, retryable), so the
   * same request under the same key is sent again until it lands. Every refusal on the way is
   * that retryable one and nothing else.
   */
  const orderByCard = async (cardNumber: string, serviceType: string, key: string) => {
    const refusals: unknown[] = [];
    const send = () =>
      request(gateway.url)
        .post(ps('/orders'))
        .set({ ...hotline, 'Idempotency-Key': key })
        .send({ cardNumber, serviceType, note: 'call from the elder' });
    const created = await eventually(
      async () => {
        const answer = await send();
        if (answer.status !== 201) refusals.push({ status: answer.status, body: answer.body as unknown });
        return answer;
      },
      (answer) => answer.status !== 422 || answer.body.code !== 'resident.unknown',
      30_000,
    );
    expect(created.status).toBe(201);
    for (const refusal of refusals)
      expect(refusal).toMatchObject({ status: 422, body: { code: 'resident.unknown', retryable: true } });
    return { order: created.body as OrderBody, again: send };
  };

  /** The provider's client walks its order to the end: accept, schedule, deliver. */
  const deliver = async (orderId: string, client: Record<string, string>) => {
    expect((await post(ps(`/orders/${orderId}/accept`), client).expect(200)).body.state).toBe('accepted');
    const scheduledFor = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await post(ps(`/orders/${orderId}/schedule`), client, { scheduledFor }).expect(200);
    expect(scheduled.body.state).toBe('scheduled');
    const startedAt = new Date().toISOString();
    const report = { workerId: 'w-li', startedAt, endedAt: new Date(Date.now() + 60_000).toISOString() };
    const done = await post(ps(`/orders/${orderId}/deliver`), client, report).expect(200);
    expect(done.body).toMatchObject({
      state: 'delivered',
      workerId: 'w-li',
      startedAt: report.startedAt,
      endedAt: report.endedAt,
    });
    return { report, order: done.body as OrderBody };
  };
  const paid = (orderId: string) =>
    eventually(
      () => readOrder(orderId),
      (o) => o.state !== 'delivered',
      45_000,
    );

  const contractTerms = (providerId: string, serviceType: string, unitPriceFen: number) => ({
    providerId,
    buyerOrgUnit: DISTRICT,
    // Around today, whenever the test runs: dispatch takes contracts in their period only.
    period: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` },
    budgetFen: 100_000,
    services: [{ serviceType, unitPriceFen }],
    areas: [STREET],
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
  });

  beforeAll(async () => {
    // Residents and purchased-services share the tests' CARD_DIGEST_KEY (testConfig): a card
    // number typed at the hotline is looked up by the digest residents put on `card.issued`.
    residents = await startService(
      residentsService,
      testConfig(
        'residents',
        ns,
        {
          RESIDENT_ID_HASH_KEY: randomBytes(32).toString('base64'),
          RESIDENT_DATA_KEY: randomBytes(32).toString('base64'),
          ELIGIBILITY_DAILY_JOB: 'off',
        },
        ResidentsConfigSchema,
      ),
    );
    purchased = await startService(
      purchasedServicesService,
      testConfig('purchased-services', ns, {}, purchasedServicesService.extraConfig),
    );
    gateway = await startGateway(ns, {
      SERVICE_URLS: `residents=${residents.url},purchased-services=${purchased.url}`,
    });
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'city.admin',
      password: PASSWORD,
      role: 'city-admin',
      orgUnit: '2101',
    });
    admin = await signIn('city.admin');
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await purchased?.close();
    await residents?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('sets up the district: its units, a district officer and a hotline operator', async () => {
    const units = await request(gateway.url)
      .post(res('/org-units/import'))
      .set(admin)
      .set('content-type', 'text/csv')
      .send(ORG_UNITS_CSV)
      .expect(200);
    expect(units.body).toMatchObject({ created: 7, rejected: [] });
    const staff = [
      { username: 'heping.district', role: 'district-staff', orgUnit: DISTRICT },
      { username: 'heping.hotline', role: 'hotline-operator', orgUnit: DISTRICT },
    ];
    for (const account of staff) {
      const created = await post('/admin/staff', admin, { ...account, password: PASSWORD }).expect(201);
      expect(created.body).toMatchObject({ ...account, status: 'active' });
    }
    district = await signIn('heping.district');
    hotline = await signIn('heping.hotline');
    // The hotline places orders, it does not manage providers.
    await put(ps('/providers/p-nobody'), hotline, provider(CREDIT_CODES[2], [STREET])).expect(403);
  });

  it('registers two elders, issues their cards and credits the month', async () => {
    // 85, on dibao, living alone: aged 80+ and low income, both with a monthly credit.
    const first = await post(
      res('/residents'),
      district,
      personFixture(nationalId(yearsBefore(today, 85), 21)),
    ).expect(201);
    expect(first.body.eligibility.categories).toEqual(['aged-80-plus', 'low-income']);
    elder.id = first.body.residentId as string;
    // 70, ordinary means: the 60+ ordinary category, one free experience service and no credit.
    const second = await post(
      res('/residents'),
      district,
      personFixture(nationalId(yearsBefore(today, 70), 33), {
        economicStatus: 'ordinary',
        livingArrangement: 'with-partner',
      }),
    ).expect(201);
    expect(second.body.eligibility.categories).toEqual(['aged-60-ordinary']);
    younger.id = second.body.residentId as string;
    for (const who of [elder, younger]) {
      const issued = await post(res(`/residents/${who.id}/card`), district).expect(201);
      who.card = issued.body.card.number as string;
      expect(who.card).toMatch(/^\d{16}$/);
    }

    const month = today.slice(0, 7);
    const path = res('/wallets/credit-runs');
    const run = await finished(await post(path, admin, { month }), path, admin);
    expect(run).toMatchObject({ status: 'succeeded', counts: { credited: 1, nothingToCredit: 1 } });
    // The best of the elder's categories (aged 80+): 40 yuan basic care, 60 yuan living services.
    expect((await readWallet(elder.id)).balances).toEqual({ 'basic-care': 4000, 'living-services': 6000 });
    expect((await readWallet(younger.id)).balances).toEqual({ 'basic-care': 0, 'living-services': 0 });
  });

  it('registers two providers, signs their contracts and issues each its API client', async () => {
    await put(ps('/providers/p-yikang'), district, provider(CREDIT_CODES[0], [STREET])).expect(201);
    await put(ps('/providers/p-kangning'), district, {
      ...provider(CREDIT_CODES[1], [STREET]),
      name: 'Heping Kangning Home Care',
    }).expect(201);
    await put(ps('/providers/p-yikang/workers/w-li'), district, {
      name: 'Li Na',
      role: 'worker',
      licence: 'assistant-social-worker',
      streetPath: STREET,
      active: true,
    }).expect(201);
    const meals = await put(
      ps('/contracts/k-meals'),
      district,
      contractTerms('p-yikang', 'meal-assistance', PRICE),
    ).expect(201);
    expect(meals.body).toMatchObject({ status: 'active', committedFen: 0, spentFen: 0, leftFen: 100_000 });
    await put(
      ps('/contracts/k-cleaning'),
      district,
      contractTerms('p-kangning', 'cleaning-assistance', CLEANING_PRICE),
    ).expect(201);
    yikang = await organisationToken('p-yikang');
    kangning = await organisationToken('p-kangning');
    const own = await get(ps('/providers'), yikang).expect(200);
    expect((own.body.items as { providerId: string }[]).map((p) => p.providerId)).toEqual(['p-yikang']);
  });

  it('takes the hotline order by card number, once however often the call is retried', async () => {
    // The operator finds the caller by the card number first.
    const found = await post(res('/cards/lookup'), hotline, { number: elder.card }).expect(200);
    expect(found.body).toMatchObject({ residentId: elder.id, nationalIdMasked: true });

    const key = randomUUID();
    const { order, again } = await orderByCard(elder.card, 'meal-assistance', key);
    expect(order).toMatchObject({
      residentId: elder.id,
      communityPath: HOME,
      serviceType: 'meal-assistance',
      state: 'dispatched',
      contractId: 'k-meals',
      providerId: 'p-yikang',
      priceFen: PRICE,
      unassigned: false,
    });
    firstOrder = order.orderId;
    const repeated = await again().expect(200);
    expect(repeated.body).toMatchObject({ orderId: firstOrder, state: 'dispatched' });
    // Another request under that key is not the same call.
    const reused = await request(gateway.url)
      .post(ps('/orders'))
      .set({ ...hotline, 'Idempotency-Key': key })
      .send({ cardNumber: elder.card, serviceType: 'cleaning-assistance' })
      .expect(409);
    expect(reused.body.code).toBe('order.idempotency-key-reused');
    // One order, one reservation of its price.
    expect(await readContract('k-meals')).toMatchObject({ committedFen: PRICE, spentFen: 0 });
    const listed = await get(ps('/orders'), hotline).expect(200);
    expect((listed.body.items as OrderBody[]).map((o) => o.orderId)).toEqual([firstOrder]);
  });

  it('is delivered by its provider; a second delivery report is refused with the current state', async () => {
    const { report } = await deliver(firstOrder, yikang);
    const twice = await post(ps(`/orders/${firstOrder}/deliver`), yikang, report).expect(409);
    expect(twice.headers['content-type']).toContain(PROBLEM);
    expect(twice.body.code).toBe('order.illegal-transition');
    // The wallet's answer may already have made it paid.
    expect(['delivered', 'paid']).toContain(twice.body.currentState);
    // The reservation became spending.
    expect(await readContract('k-meals')).toMatchObject({ committedFen: 0, spentFen: PRICE });

    const order = await paid(firstOrder);
    expect(order).toMatchObject({
      state: 'paid',
      paymentPart: 'living-services',
      subsidyFen: PRICE,
      copaymentFen: 0,
      freeExperience: false,
    });
    expect((order.subsidyFen ?? 0) + (order.copaymentFen ?? 0)).toBe(PRICE);
    delivered.push({
      orderId: firstOrder,
      month: monthOf(report.endedAt),
      subsidyFen: PRICE,
      copaymentFen: 0,
      freeExperience: false,
      rating: 5,
    });

    const wallet = await readWallet(elder.id);
    expect(wallet.balances).toEqual({ 'basic-care': 4000, 'living-services': 6000 - PRICE });
    expect(wallet.entries.filter((e) => e.orderId === firstOrder)).toEqual([
      expect.objectContaining({ kind: 'debit', part: 'living-services', amountFen: -PRICE }),
    ]);
    expect(await readContract('k-meals')).toMatchObject({
      committedFen: 0,
      spentFen: PRICE,
      leftFen: 100_000 - PRICE,
    });

    const rated = await post(ps(`/orders/${firstOrder}/rate`), hotline, { rating: 5 }).expect(200);
    expect(rated.body).toMatchObject({ state: 'paid', rating: 5 });
    await post(ps(`/orders/${firstOrder}/rate`), hotline, { rating: 4 }).expect(409);
    expect((await readOrder(firstOrder, yikang)).rating).toBe(5);
  });

  it('pays an ordinary elder’s first service as the free experience; the next is the elder’s own', async () => {
    // One at a time: which of two deliveries the wallet meets first decides which one is free.
    const expected = [
      { subsidyFen: PRICE, copaymentFen: 0, freeExperience: true },
      { subsidyFen: 0, copaymentFen: PRICE, freeExperience: false },
    ];
    for (const outcome of expected) {
      const { order } = await orderByCard(younger.card, 'meal-assistance', randomUUID());
      expect(order).toMatchObject({ residentId: younger.id, state: 'dispatched', contractId: 'k-meals' });
      const { report } = await deliver(order.orderId, yikang);
      const settled = await paid(order.orderId);
      expect(settled).toMatchObject({ state: 'paid', paymentPart: 'living-services', ...outcome });
      delivered.push({ orderId: order.orderId, month: monthOf(report.endedAt), rating: null, ...outcome });
    }
    const wallet = await readWallet(younger.id);
    expect(wallet.balances).toEqual({ 'basic-care': 0, 'living-services': 0 });
    const free = delivered[1]?.orderId ?? '';
    const own = delivered[2]?.orderId ?? '';
    expect(wallet.entries.find((e) => e.orderId === free)).toMatchObject({ kind: 'free-experience' });
    expect(wallet.entries.find((e) => e.orderId === own)).toMatchObject({ kind: 'debit', amountFen: 0 });
    expect(await readContract('k-meals')).toMatchObject({ committedFen: 0, spentFen: 3 * PRICE });
  });

  it('keeps each provider to its own orders and contracts', async () => {
    // A cleaning order goes to the other provider's contract.
    const { order } = await orderByCard(elder.card, 'cleaning-assistance', randomUUID());
    expect(order).toMatchObject({ contractId: 'k-cleaning', providerId: 'p-kangning' });
    cleaningOrder = order.orderId;

    for (const path of [`/orders/${firstOrder}`, '/contracts/k-meals', '/contracts/k-meals/versions']) {
      const hidden = await get(ps(path), kangning).expect(404);
      expect(hidden.headers['content-type']).toContain(PROBLEM);
    }
    // A step on another's order is "no such order", not "wrong state".
    await post(ps(`/orders/${firstOrder}/accept`), kangning).expect(404);
    await post(ps(`/orders/${cleaningOrder}/accept`), yikang).expect(404);
    await get(ps('/contracts/k-cleaning'), yikang).expect(404);

    const ids = (
      body: { items: { orderId?: string; contractId?: string }[] },
      key: 'orderId' | 'contractId',
    ) => body.items.map((i) => i[key]).sort();
    const theirOrders = (await get(ps('/orders'), kangning).expect(200)).body;
    expect(ids(theirOrders, 'orderId')).toEqual([cleaningOrder]);
    const theirContracts = (await get(ps('/contracts'), kangning).expect(200)).body;
    expect(ids(theirContracts, 'contractId')).toEqual(['k-cleaning']);
    const ownOrders = (await get(ps('/orders'), yikang).expect(200)).body;
    expect(ids(ownOrders, 'orderId')).toEqual(delivered.map((d) => d.orderId).sort());
    const ownContracts = (await get(ps('/contracts'), yikang).expect(200)).body;
    expect(ids(ownContracts, 'contractId')).toEqual(['k-meals']);
    // The district sees all four.
    const all = (await get(ps('/orders'), district).expect(200)).body;
    expect(ids(all, 'orderId')).toEqual([...delivered.map((d) => d.orderId), cleaningOrder].sort());
  });

  it('settles the month: the contract’s statement counts the delivered orders', async () => {
    const month = delivered[0]?.month ?? '';
    // The deliveries of that month (all of them, unless the test ran across a month's end).
    const inMonth = delivered.filter((d) => d.month === month);
    expect(inMonth.length).toBeGreaterThan(0);
    const path = ps('/settlements/jobs');
    const job = await finished(
      await post(path, district, { month, contractId: 'k-meals' }).set('Idempotency-Key', randomUUID()),
      path,
      district,
    );
    expect(job).toMatchObject({ kind: 'settlement.generate', status: 'succeeded', counts: { created: 1 } });
    const sum = (pick: (d: Delivered) => number) => inMonth.reduce((s, d) => s + pick(d), 0);
    const ratings = inMonth.map((d) => d.rating).filter((r): r is number => r !== null);
    const statement = await get(ps(`/settlements/k-meals:${month}`), district).expect(200);
    expect(statement.body).toMatchObject({
      settlementId: `k-meals:${month}`,
      contractId: 'k-meals',
      providerId: 'p-yikang',
      month,
      generatedBy: job.jobId,
      figures: {
        deliveredCount: inMonth.length,
        amountFen: inMonth.length * PRICE,
        byServiceType: [
          {
            serviceType: 'meal-assistance',
            unitPriceFen: PRICE,
            count: inMonth.length,
            amountFen: inMonth.length * PRICE,
          },
        ],
        paidCount: inMonth.length,
        paymentsPending: 0,
        paymentsRejected: 0,
        subsidyFen: sum((d) => d.subsidyFen),
        copaymentFen: sum((d) => d.copaymentFen),
        freeExperienceCount: inMonth.filter((d) => d.freeExperience).length,
        ratedCount: ratings.length,
        meanRating:
          ratings.length === 0
            ? null
            : Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100,
      },
      budget: { budgetFen: 100_000, spentFen: 3 * PRICE, committedFen: 0, leftFen: 100_000 - 3 * PRICE },
    });
    // The provider reads its statement; the other provider does not see it.
    const own = await get(ps('/settlements'), yikang).expect(200);
    expect((own.body.items as { settlementId: string }[]).map((s) => s.settlementId)).toEqual([
      `k-meals:${month}`,
    ]);
    await get(ps(`/settlements/k-meals:${month}`), kangning).expect(404);
  });
});

import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import { startResidents } from '../apps/residents/test/residents-under-test.js';
import request from 'supertest';
import { createEvent, topicName, Topics } from '#anlao/events';
import type { EventProducer } from '#anlao/messaging';
import { localDay } from '#anlao/platform';
import { nationalId, personFixture } from '../apps/residents/test/fixtures.js';
import {
  bearer,
  dropDatabases,
  eventually,
  finishedJob,
  jobUrl,
  readTopic,
  readWholeTopic,
  testProducer,
  tokenFor,
  uniqueNamespace,
  type JobBody,
  type RunningService,
} from '#anlao/testing';

function shiftDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
/** The same day `years` earlier; 29 February of a year without one becomes the 28th. */
function yearsBefore(day: string, years: number): string {
  const candidate = `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
  const parsed = new Date(`${candidate}T00:00:00Z`);
  return parsed.toISOString().slice(0, 10) === candidate ? candidate : candidate.replace(/-29$/, '-28');
}

const ORG_CSV = [
  'code,name,level,parentCode',
  '210102001001,长白社区,community,210102001', // before its parents on purpose
  '2101,沈阳市,city,',
  '210102,和平区,district,2101',
  '210103,沈河区,district,2101',
  '210102001,长白街道,street,210102',
  '210102002,南湖街道,street,210102',
  '210103001,大南街道,street,210103',
  '210102002001,南湖社区,community,210102002',
  '210103001001,大南社区,community,210103001',
  'bad code!,坏,street,210102',
  '210199,无上级,street,999999',
].join('\n');

describe('residents and entitlements, through the gateway', () => {
  const ns = uniqueNamespace();
  let residents: RunningService;
  let gateway: RunningService;
  let producer: EventProducer;
  const today = localDay(new Date(), 'Asia/Shanghai');
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const heping = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210102' }));
  const shenhe = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210103' }));
  const street001 = bearer(tokenFor({ role: 'street-staff', orgUnit: '2101.210102.210102001' }));
  const hotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: '2101' }));
  const api = (path: string) => `/api/residents${path}`;
  const person = personFixture;
  /** A long operation answers 202 with the job's `Location`; the job, read through the gateway once it has ended. */
  const finished = async (
    res: request.Response,
    path: string,
    auth: Record<string, string>,
    timeoutMs?: number,
  ) => {
    expect(res.status).toBe(202);
    const url = jobUrl(`${gateway.url}${api(path)}`, res.headers.location);
    expect(new URL(url).pathname).toBe(api(`/jobs/${res.body.jobId}`));
    return finishedJob(url, auth, timeoutMs);
  };

  const elderId = nationalId(yearsBefore(today, 85), 21); // 85, low income, alone
  const birthday80 = shiftDays(today, 10);
  const nearly80Id = nationalId(yearsBefore(birthday80, 80), 33); // turns 80 in ten days
  let elder: string;
  let nearly80: string;

  beforeAll(async () => {
    residents = await startResidents(ns);
    gateway = await startGateway(ns, { SERVICE_URLS: `residents=${residents.url}` });
    producer = await testProducer(ns, 'residents-test');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await gateway?.close();
    await residents?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('imports the org-unit hierarchy from CSV, parents first, reporting bad rows; a re-import creates nothing', async () => {
    await request(gateway.url)
      .post(api('/org-units/import'))
      .set(heping)
      .set('content-type', 'text/csv')
      .send(ORG_CSV)
      .expect(403);
    const first = await request(gateway.url)
      .post(api('/org-units/import'))
      .set(admin)
      .set('content-type', 'text/csv')
      .send(ORG_CSV)
      .expect(200);
    expect(first.body).toMatchObject({ created: 9, unchanged: 0 });
    expect(first.body.rejected.map((r: { line: number }) => r.line)).toEqual([11, 12]);
    const again = await request(gateway.url)
      .post(api('/org-units/import'))
      .set(admin)
      .set('content-type', 'text/csv')
      .send(ORG_CSV)
      .expect(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 9 });
    const units = await request(gateway.url).get(api('/org-units')).set(heping).expect(200);
    const codes = ['210102', '210102001', '210102001001', '210102002', '210102002001'];
    expect(units.body.items.map((u: { code: string }) => u.code)).toEqual(codes);
    // Pages of two follow each other by cursor; nothing is cut off and nothing repeats.
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const query: Record<string, string | number> = after ? { limit: 2, after } : { limit: 2 };
      const page = await request(gateway.url).get(api('/org-units')).set(heping).query(query).expect(200);
      paged.push(...(page.body.items as { code: string }[]).map((u) => u.code));
      after = page.body.next as string | null;
    } while (after);
    expect(paged).toEqual(codes);
  });

  it('registers a resident, validating the ID number, its consistency, the phone and duplicates', async () => {
    const created = await request(gateway.url)
      .post(api('/residents'))
      .set(heping)
      .send(person(elderId))
      .expect(201);
    elder = created.body.residentId as string;
    expect(created.body).toMatchObject({
      nationalId: `${elderId.slice(0, 4)}**********${elderId.slice(-4)}`,
      nationalIdMasked: true,
      sex: 'male',
      communityPath: '2101.210102.210102001.210102001001',
    });
    expect(created.body.eligibility.categories).toEqual(
      expect.arrayContaining(['aged-80-plus', 'low-income']),
    );

    const wrongCheck = `${elderId.slice(0, 17)}${elderId.endsWith('1') ? '2' : '1'}`;
    const bad = await request(gateway.url)
      .post(api('/residents'))
      .set(heping)
      .send(person(wrongCheck))
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('nationalId');
    expect(JSON.stringify(bad.body)).not.toContain(wrongCheck);

    const inconsistent = await request(gateway.url)
      .post(api('/residents'))
      .set(heping)
      .send(person(nationalId('1950-03-04', 41), { birthDate: '1950-03-05', sex: 'female' }))
      .expect(400);
    expect(inconsistent.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['birthDate', 'sex']),
    );
    await request(gateway.url)
      .post(api('/residents'))
      .set(heping)
      .send(person(nationalId('1950-03-04', 43), { phone: '12345' }))
      .expect(400);
    await request(gateway.url)
      .post(api('/residents'))
      .set(heping)
      .send(person(nationalId('1950-03-04', 45), { hukou: 'martian' }))
      .expect(400);

    const duplicate = await request(gateway.url)
      .post(api('/residents'))
      .set(heping)
      .send(person(elderId, { name: '另一个' }))
      .expect(409);
    expect(duplicate.body).toMatchObject({ code: 'resident.already-registered', existingResidentId: elder });

    const elsewhere = await request(gateway.url)
      .post(api('/residents'))
      .set(heping)
      .send(person(nationalId('1940-01-01', 51), { communityCode: '210103001001' }))
      .expect(403);
    expect(elsewhere.body.code).toBe('scope.forbidden');

    const n80 = await request(gateway.url)
      .post(api('/residents'))
      .set(street001)
      .send(person(nearly80Id, { economicStatus: 'ordinary', livingArrangement: 'with-partner' }))
      .expect(201);
    nearly80 = n80.body.residentId as string;
    expect(n80.body.eligibility.categories).toEqual(['aged-60-ordinary']);
    await request(gateway.url)
      .post(api('/residents'))
      .set(shenhe)
      .send(person(nationalId('1944-06-06', 61, '210103'), { communityCode: '210103001001' }))
      .expect(201);
  });

  it('shows ID numbers masked to operators, lists by scope and filters, and finds by exact number', async () => {
    const masked = await request(gateway.url)
      .get(api(`/residents/${elder}`))
      .set(hotline)
      .expect(200);
    expect(masked.body.nationalId).toBe(`${elderId.slice(0, 4)}**********${elderId.slice(-4)}`);
    const hepingList = await request(gateway.url).get(api('/residents')).set(heping).expect(200);
    expect(hepingList.body.items.map((r: { residentId: string }) => r.residentId).sort()).toEqual(
      [elder, nearly80].sort(),
    );
    const shenheList = await request(gateway.url).get(api('/residents')).set(shenhe).expect(200);
    expect(shenheList.body.items).toHaveLength(1);
    await request(gateway.url)
      .get(api(`/residents/${elder}`))
      .set(shenhe)
      .expect(404);
    const alone80 = await request(gateway.url)
      .get(api('/residents'))
      .set(heping)
      .query({ livingArrangement: 'alone', ageBand: '80+' })
      .expect(200);
    expect(alone80.body.items.map((r: { residentId: string }) => r.residentId)).toEqual([elder]);
    const seventies = await request(gateway.url)
      .get(api('/residents'))
      .set(heping)
      .query({ ageBand: '70-79' })
      .expect(200);
    expect(seventies.body.items.map((r: { residentId: string }) => r.residentId)).toEqual([nearly80]);
    const lowIncome = await request(gateway.url)
      .get(api('/residents'))
      .set(heping)
      .query({ category: 'low-income' })
      .expect(200);
    expect(lowIncome.body.items).toHaveLength(1);
    const found = await request(gateway.url)
      .post(api('/residents/lookup'))
      .set(heping)
      .send({ nationalId: elderId.toLowerCase() })
      .expect(200);
    expect(found.body.residentId).toBe(elder);
    await request(gateway.url)
      .post(api('/residents/lookup'))
      .set(shenhe)
      .send({ nationalId: elderId })
      .expect(404);
    await request(gateway.url).get(api('/residents')).set(heping).query({ ageBand: '55-59' }).expect(400);
  });

  it('reassesses on the exact day an age boundary is crossed, not the day before', async () => {
    const before = await finished(
      await request(gateway.url)
        .post(api('/eligibility/reassessments'))
        .set(admin)
        .send({ date: shiftDays(birthday80, -1) }),
      '/eligibility/reassessments',
      admin,
    );
    expect(before).toMatchObject({ status: 'succeeded', result: { trigger: 'age' } });
    let record = await request(gateway.url)
      .get(api(`/residents/${nearly80}`))
      .set(heping)
      .expect(200);
    expect(record.body.eligibility.categories).toEqual(['aged-60-ordinary']);
    const on = await finished(
      await request(gateway.url)
        .post(api('/eligibility/reassessments'))
        .set(admin)
        .send({ date: birthday80 }),
      '/eligibility/reassessments',
      admin,
    );
    expect(on).toMatchObject({ status: 'succeeded', result: { trigger: 'age' }, counts: { changed: 1 } });
    record = await request(gateway.url)
      .get(api(`/residents/${nearly80}`))
      .set(heping)
      .expect(200);
    expect(record.body.eligibility.categories).toEqual(['aged-80-plus', 'aged-60-ordinary']);
    await request(gateway.url)
      .post(api('/eligibility/reassessments'))
      .set(heping)
      .send({ date: birthday80 })
      .expect(403);
  });

  it('applies a new rule-set version on its effective day and says which version decided', async () => {
    const ruleSet = {
      version: 'test-2',
      effectiveFrom: today,
      unusedBalance: 'carry-over',
      categories: [
        {
          code: 'aged-80-plus',
          minAge: 80,
          monthlyCreditFen: { 'basic-care': 5000, 'living-services': 7000 },
          freeExperienceServices: 0,
        },
        {
          code: 'low-income',
          minAge: 60,
          economicStatuses: ['dibao', 'special-hardship'],
          monthlyCreditFen: { 'basic-care': 2000, 'living-services': 3000 },
          freeExperienceServices: 0,
        },
      ],
    };
    await request(gateway.url).post(api('/eligibility/rule-sets')).set(heping).send(ruleSet).expect(403);
    await request(gateway.url)
      .post(api('/eligibility/rule-sets'))
      .set(admin)
      .send({ ...ruleSet, effectiveFrom: '2001-01-01' })
      .expect(400);
    await request(gateway.url).post(api('/eligibility/rule-sets')).set(admin).send(ruleSet).expect(201);
    await request(gateway.url)
      .post(api('/eligibility/rule-sets'))
      .set(admin)
      .send({ ...ruleSet, unusedBalance: 'expire' })
      .expect(409);
    const run = await finished(
      await request(gateway.url).post(api('/eligibility/reassessments')).set(admin).send({ date: today }),
      '/eligibility/reassessments',
      admin,
    );
    expect(run).toMatchObject({
      status: 'succeeded',
      result: { trigger: 'rule-set', ruleSetVersion: 'test-2' },
    });
    const record = await request(gateway.url)
      .get(api(`/residents/${elder}`))
      .set(heping)
      .expect(200);
    expect(record.body.eligibility).toMatchObject({
      ruleSetVersion: 'test-2',
      categories: ['aged-80-plus', 'low-income'],
    });
    const events = await readTopic(topicName(Topics.residents, ns.topicPrefix), (m) =>
      m.some(
        (x) =>
          x.value?.toString().includes('"ruleSetVersion":"test-2"') && x.value.toString().includes(elder),
      ),
    );
    const assessed = events
      .map(
        (m) =>
          JSON.parse(m.value?.toString() ?? '{}') as {
            type: string;
            payload: { residentId: string; ruleSetVersion: string; trigger: string };
          },
      )
      .filter((e) => e.type === 'eligibility.assessed' && e.payload.residentId === elder);
    expect(assessed.map((e) => [e.payload.ruleSetVersion, e.payload.trigger])).toEqual([
      ['default-1', 'registered'],
      ['test-2', 'rule-set'],
    ]);
  });

  it('issues cards, looks them up for the hotline, and stops a lost number at once', async () => {
    const issued = await request(gateway.url)
      .post(api(`/residents/${elder}/card`))
      .set(heping)
      .expect(201);
    const number = issued.body.card.number as string;
    expect(number).toMatch(/^\d{16}$/);
    await request(gateway.url)
      .post(api(`/residents/${elder}/card`))
      .set(heping)
      .expect(409);
    const cardLookup = (number: string) => request(gateway.url).post(api('/cards/lookup')).send({ number });
    const lookup = await cardLookup(number).set(hotline).expect(200);
    expect(lookup.body).toMatchObject({ residentId: elder, nationalIdMasked: true });
    const replaced = await request(gateway.url)
      .post(api(`/residents/${elder}/card/report-lost`))
      .set(heping)
      .expect(200);
    const newNumber = replaced.body.card.number as string;
    expect(newNumber).not.toBe(number);
    const old = await cardLookup(number).set(hotline).expect(422);
    expect(old.body.code).toBe('card.not-active');
    await cardLookup(newNumber).set(hotline).expect(200);
    await cardLookup('1234567890123456').set(hotline).expect(400);
    await cardLookup(newNumber)
      .set(bearer(tokenFor({ role: 'auditor', orgUnit: '2101' })))
      .expect(403);
  });

  it('credits the month once however often the run is repeated, in integer fen, with a matching ledger', async () => {
    const month = today.slice(0, 7);
    const creditRun = () => request(gateway.url).post(api('/wallets/credit-runs')).set(admin).send({ month });
    const first = await finished(await creditRun(), '/wallets/credit-runs', admin);
    expect(first).toMatchObject({
      status: 'succeeded',
      params: { month },
      result: { ruleSetVersion: 'test-2' },
      counts: { credited: 2 },
    });
    // The first run has ended: the same month runs again, and finds everyone credited.
    const second = await finished(await creditRun(), '/wallets/credit-runs', admin);
    expect(second.jobId).not.toBe(first.jobId);
    expect(second.counts).toMatchObject({ credited: 0, alreadyCredited: 2 });
    await request(gateway.url)
      .post(api('/wallets/credit-runs'))
      .set(admin)
      .send({ month: '2999-01' })
      .expect(400);
    const wallet = await request(gateway.url)
      .get(api(`/residents/${elder}/wallet`))
      .set(heping)
      .expect(200);
    expect(wallet.body.balances).toEqual({ 'basic-care': 5000, 'living-services': 7000 });
    expectLedgerMatches(wallet.body);
  });

  it('pays delivered services from the right part once per order; the rest is co-payment', async () => {
    const delivered = (orderId: string, serviceType: string, amountFen: number, residentId = elder) =>
      createEvent({
        type: 'service.delivered',
        source: 'test',
        subject: orderId,
        orgUnit: '2101.210102',
        correlationId: `order-${orderId}`,
        payload: {
          orderId,
          residentId,
          serviceType,
          amountFen,
          deliveredAt: new Date().toISOString(),
          providerId: 'p-1',
          contractId: 'k-1',
        },
      });
    const meal = delivered('o-1', 'meal', 2500);
    await producer.publish([meal, meal, delivered('o-1', 'meal', 2500)]);
    // Orders are keyed by order id, so they may sit on different partitions, which carry no order
    // between them: o-1 is settled first, so what it finds in the wallet is known.
    await eventually(
      async () =>
        (
          (
            await request(gateway.url)
              .get(api(`/residents/${elder}/wallet`))
              .set(heping)
          ).body as WalletBody
        ).entries.filter((e) => e.orderId === 'o-1').length,
      (n) => n >= 1,
      45_000,
    );
    await producer.publish([
      delivered('o-2', 'meal', 10000),
      delivered('o-3', 'emergency', 1000),
      delivered('o-4', 'legal-aid', 500),
    ]);
    await producer.publish([delivered('o-5', 'meal', 100, 'r-nobody')]);

    // The consumer settles them; then the relay publishes the outcomes.
    await eventually(
      async () =>
        (
          (
            await request(gateway.url)
              .get(api(`/residents/${elder}/wallet`))
              .set(heping)
          ).body as WalletBody
        ).entries.length,
      (n) => n >= 5,
      45_000,
    );
    const outcomes = await readTopic(
      topicName(Topics.residents, ns.topicPrefix),
      (m) => {
        const types = m.map((x) => x.headers?.['event-type']?.toString());
        return (
          types.filter((t) => t === 'wallet.debited').length >= 3 &&
          types.filter((t) => t === 'wallet.debit-rejected').length >= 2
        );
      },
      45_000,
    );
    const payloads = outcomes
      .filter((m) =>
        ['wallet.debited', 'wallet.debit-rejected'].includes(m.headers?.['event-type']?.toString() ?? ''),
      )
      .map((m) => (JSON.parse(m.value?.toString() ?? '{}') as { payload: Record<string, unknown> }).payload);
    expect(payloads.filter((p) => p.orderId === 'o-1')).toEqual([
      {
        residentId: elder,
        orderId: 'o-1',
        serviceType: 'meal',
        part: 'living-services',
        paidFen: 2500,
        copaymentFen: 0,
        freeExperience: false,
      },
    ]);
    expect(payloads.find((p) => p.orderId === 'o-2')).toMatchObject({ paidFen: 4500, copaymentFen: 5500 });
    expect(payloads.find((p) => p.orderId === 'o-3')).toMatchObject({
      part: 'basic-care',
      paidFen: 1000,
      copaymentFen: 0,
    });
    expect(payloads.find((p) => p.orderId === 'o-4')).toMatchObject({ reason: 'service-not-covered' });
    expect(payloads.find((p) => p.orderId === 'o-5')).toMatchObject({ reason: 'unknown-resident' });

    const wallet = await eventually(
      async () =>
        (
          await request(gateway.url)
            .get(api(`/residents/${elder}/wallet`))
            .set(heping)
        ).body as WalletBody,
      (w) => w.balances['living-services'] === 0,
    );
    expect(wallet.balances).toEqual({ 'basic-care': 4000, 'living-services': 0 });
    expectLedgerMatches(wallet);
    expect(wallet.entries.filter((e) => e.orderId === 'o-1')).toHaveLength(1);
  });

  it('moves residents within scope and records deaths; a deceased resident is paid nothing', async () => {
    const moved = await request(gateway.url)
      .post(api(`/residents/${nearly80}/move`))
      .set(heping)
      .send({ communityCode: '210102002001' })
      .expect(200);
    expect(moved.body.communityPath).toBe('2101.210102.210102002.210102002001');
    await request(gateway.url)
      .get(api(`/residents/${nearly80}`))
      .set(street001)
      .expect(404);
    await request(gateway.url)
      .post(api(`/residents/${nearly80}/move`))
      .set(heping)
      .send({ communityCode: '210103001001' })
      .expect(403);
    const died = await request(gateway.url)
      .post(api(`/residents/${elder}/death`))
      .set(heping)
      .send({ diedOn: today })
      .expect(200);
    expect(died.body).toMatchObject({ status: 'deceased', diedOn: today, card: { status: 'suspended' } });
    expect(died.body.eligibility.categories).toEqual([]);
    await request(gateway.url)
      .patch(api(`/residents/${elder}`))
      .set(heping)
      .send({ phone: '13900000000' })
      .expect(422);
    await request(gateway.url)
      .patch(api(`/residents/${nearly80}`))
      .set(heping)
      .send({ nationalId: 'x' })
      .expect(400);
    const updated = await request(gateway.url)
      .patch(api(`/residents/${nearly80}`))
      .set(heping)
      .send({ livingArrangement: 'alone' })
      .expect(200);
    expect(updated.body.livingArrangement).toBe('alone');
  });

  it('imports thousands of rows: valid ones once, bad ones reported by line, a re-import adds nothing', async () => {
    const header =
      'nationalId,name,sex,birthDate,phone,address,communityCode,hukou,livingArrangement,familyStatus,economicStatus,selfCare,disabilities,chronicConditions';
    const rows = [header];
    for (let i = 0; i < 2000; i++) {
      const birth = `19${30 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
      rows.push(
        `${nationalId(birth, 101 + (i % 800), i < 1000 ? '210102' : '210103')},长者${i},,,1390000${String(i).padStart(4, '0')},地址 ${i},210102002001,rural,alone,empty-nest,ordinary,independent,,hypertension`,
      );
    }
    rows.push(
      `${nationalId('1950-01-01', 1)}9,坏行,,,13900000000,地址,210102002001,rural,alone,ordinary,ordinary,independent,,`,
    ); // 19 characters
    rows.push(
      `${nationalId('1950-01-02', 3)},坏行,,,13900000000,地址,999999999999,rural,alone,ordinary,ordinary,independent,,`,
    ); // unknown community
    const csv = rows.join('\n');
    const upload = () =>
      request(gateway.url)
        .post(api('/residents/import'))
        .set(heping)
        .set('content-type', 'text/csv')
        .send(csv);
    const first: JobBody = await finished(await upload(), '/residents/import', heping, 170_000);
    const duplicatesInFile = first.errors.filter((e) => e.detail.includes('earlier in this file')).length;
    expect(first.status).toBe('succeeded');
    expect((first.counts.imported ?? 0) + duplicatesInFile).toBe(2000);
    expect(first.errors.map((e) => e.item)).toEqual(expect.arrayContaining(['line:2002', 'line:2003']));
    expect(first.progress).toEqual({ done: 2002, total: 2002 });
    expect(JSON.stringify(first.errors)).not.toMatch(/长者|1390000/);
    const again = await finished(await upload(), '/residents/import', heping, 170_000);
    expect(again.counts).toMatchObject({ imported: 0, existing: first.counts.imported });
  }, 360_000);

  it('never puts ID numbers, names or phone numbers in events', async () => {
    // Every event the residents service has published in this run, not a sample.
    const messages = await readWholeTopic(topicName(Topics.residents, ns.topicPrefix));
    const all = messages.map((m) => m.value?.toString() ?? '').join('\n');
    expect(all).toContain('"type":"resident.registered"');
    expect(all).not.toContain(elderId);
    expect(all).not.toContain(elderId.slice(6, 14));
    expect(all).not.toContain('王秀英');
    expect(all).not.toContain('13812345678');
  });
});

interface WalletBody {
  balances: Record<string, number>;
  entries: { part: string; amountFen: number; orderId?: string }[];
}

function expectLedgerMatches(wallet: WalletBody): void {
  for (const part of ['basic-care', 'living-services']) {
    const sum = wallet.entries.filter((e) => e.part === part).reduce((s, e) => s + e.amountFen, 0);
    expect(wallet.balances[part]).toBe(sum);
    expect(Number.isInteger(sum)).toBe(true);
  }
}

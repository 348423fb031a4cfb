import { MongoClient } from 'mongodb';
import {
  bearer,
  MONGO_URL,
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
  CITY,
  CREDIT_CODES,
  DISTRICT,
  of,
  OTHER_DISTRICT,
  provider,
  publishedOn,
  STREET_1,
  STREET_2,
} from './fixture.js';

/** Contracts: sign, amend with history, close, scope and budget rules, against the real store and broker. */
describe('contracts', () => {
  const ns = uniqueNamespace();
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: CITY }));
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const street1 = bearer(tokenFor({ role: 'street-staff', orgUnit: STREET_1 }));
  const street2 = bearer(tokenFor({ role: 'street-staff', orgUnit: STREET_2 }));
  const otherDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: OTHER_DISTRICT }));
  const auditor = bearer(tokenFor({ role: 'auditor', orgUnit: CITY }));
  const ownClient = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-main' }));
  const otherClient = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-other' }));
  const terms = {
    providerId: 'p-main',
    buyerOrgUnit: DISTRICT,
    period: { from: '2027-01-01', to: '2027-12-31' },
    budgetFen: 50_000_000,
    services: [
      { serviceType: 'meal-assistance', unitPriceFen: 1500 },
      { serviceType: 'bathing-assistance', unitPriceFen: 3000 },
    ],
    areas: [STREET_1],
    targetGroups: { eligibilityCategories: ['aged-80-plus'], priorityGroups: ['living-alone', 'shidu'] },
    kpis: { onTimeShareTarget: 0.95, ratingTarget: 4.5 },
  };
  let service: RunningService;
  let api: ReturnType<typeof call>;
  const published = publishedOn(ns.topicPrefix);

  beforeAll(async () => {
    service = await startService(
      purchasedServicesService,
      testConfig('purchased-services', ns, {}, purchasedServicesService.extraConfig),
    );
    api = call(service.url);
    await api.put('/providers/p-main', provider(), district).expect(201);
    await api.put('/providers/p-other', provider(CREDIT_CODES[1], [STREET_2]), district).expect(201);
  });

  afterAll(async () => {
    await service?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('signs a contract once, with its full coded snapshot published once', async () => {
    const signed = await api.put('/contracts/k-1', terms, district).expect(201);
    expect(signed.body).toMatchObject({
      contractId: 'k-1',
      version: 1,
      status: 'active',
      budgetFen: 50_000_000,
      committedFen: 0,
      spentFen: 0,
      leftFen: 50_000_000,
      services: [
        { serviceType: 'bathing-assistance', unitPriceFen: 3000 },
        { serviceType: 'meal-assistance', unitPriceFen: 1500 },
      ],
    });
    const reordered = { ...terms, services: [...terms.services].reverse() };
    expect((await api.put('/contracts/k-1', reordered, district).expect(200)).body).toEqual(signed.body);
    expect(
      (await api.put('/contracts/k-1', { ...terms, budgetFen: 1 }, district).expect(409)).body.code,
    ).toBe('contract.exists');
    const events = await published((e) => of(e, 'contract.signed', 'k-1').length > 0);
    expect(of(events, 'contract.signed', 'k-1').map((e) => e.payload)).toEqual([
      {
        contractId: 'k-1',
        version: 1,
        providerId: 'p-main',
        buyerOrgUnit: DISTRICT,
        period: terms.period,
        budgetFen: 50_000_000,
        services: signed.body.services,
        areas: [STREET_1],
        targetGroups: { eligibilityCategories: ['aged-80-plus'], priorityGroups: ['living-alone', 'shidu'] },
        kpis: terms.kpis,
      },
    ]);
  });

  it('amends into new versions, keeps the history and publishes each version once', async () => {
    await api.put('/contracts/k-amend', terms, district).expect(201);
    const v2 = await api.patch('/contracts/k-amend', { budgetFen: 60_000_000 }, district).expect(200);
    expect(v2.body).toMatchObject({ version: 2, budgetFen: 60_000_000, leftFen: 60_000_000 });
    await api.patch('/contracts/k-amend', { budgetFen: 60_000_000 }, district).expect(200);
    const v3 = await api
      .patch(
        '/contracts/k-amend',
        { areas: [STREET_1, STREET_2], kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 } },
        district,
      )
      .expect(200);
    expect(v3.body.version).toBe(3);
    const history = await api.get('/contracts/k-amend/versions', ownClient).expect(200);
    expect(
      history.body.items.map((v: { version: number; changed: string[]; budgetFen: number }) => [
        v.version,
        v.changed,
        v.budgetFen,
      ]),
    ).toEqual([
      [1, [], 50_000_000],
      [2, ['budgetFen'], 60_000_000],
      [3, ['areas', 'kpis'], 60_000_000],
    ]);
    // p-other does not work in street 1.
    await api.put('/contracts/k-other', { ...terms, providerId: 'p-other' }, district).expect(409);
    const events = await published((e) => of(e, 'contract.amended', 'k-amend').length >= 2);
    expect(
      of(events, 'contract.amended', 'k-amend').map((e) => [e.payload.version, e.payload.changed]),
    ).toEqual([
      [2, ['budgetFen']],
      [3, ['areas', 'kpis']],
    ]);
  });

  it('never lowers the budget below what orders committed or spent', async () => {
    await api.put('/contracts/k-budget', terms, district).expect(201);
    // As a later order slice will: 1,000,000 fen reserved, 500,000 spent.
    const client = await MongoClient.connect(MONGO_URL);
    try {
      await client
        .db(`${ns.dbPrefix}purchased-services`)
        .collection<{ _id: string }>('contracts')
        .updateOne(
          { _id: 'k-budget' },
          {
            $set: { committedFen: 1_000_000, spentFen: 500_000, reservations: { 'o-1': 1_000_000 } },
            $inc: { revision: 1 },
          },
        );
    } finally {
      await client.close();
    }
    const refused = await api.patch('/contracts/k-budget', { budgetFen: 1_499_999 }, district).expect(409);
    expect(refused.body.code).toBe('contract.budget-below-used');
    const lowered = await api.patch('/contracts/k-budget', { budgetFen: 1_500_000 }, district).expect(200);
    expect(lowered.body).toMatchObject({
      version: 2,
      budgetFen: 1_500_000,
      committedFen: 1_000_000,
      spentFen: 500_000,
      leftFen: 0,
    });
  });

  it('closes a contract once: no amendment after, closing again is harmless', async () => {
    await api.put('/contracts/k-close', terms, district).expect(201);
    const closed = await api
      .post('/contracts/k-close/close', { reason: 'terminated-by-buyer' }, district)
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'terminated-by-buyer' });
    const again = await api.post('/contracts/k-close/close', { reason: 'other' }, district).expect(200);
    expect(again.body.closeReason).toBe('terminated-by-buyer');
    expect((await api.patch('/contracts/k-close', { budgetFen: 1 }, district).expect(409)).body.code).toBe(
      'contract.closed',
    );
    const events = await published((e) => of(e, 'contract.closed', 'k-close').length > 0);
    expect(of(events, 'contract.closed', 'k-close').map((e) => e.payload)).toEqual([
      expect.objectContaining({
        contractId: 'k-close',
        reason: 'terminated-by-buyer',
        committedFen: 0,
        spentFen: 0,
      }),
    ]);
  });

  it('shows contracts to their units and their provider only; anyone else gets 404 as for an unknown one', async () => {
    await api
      .put('/contracts/k-scope', { ...terms, providerId: 'p-other', areas: [STREET_2] }, district)
      .expect(201);
    await api.get('/contracts/k-1', ownClient).expect(200);
    await api.get('/contracts/k-1', street1).expect(200);
    await api.get('/contracts/k-1', auditor).expect(200);
    for (const auth of [otherClient, otherDistrict, street2]) {
      expect((await api.get('/contracts/k-1', auth).expect(404)).body.code).toBe('contract.not-found');
      await api.get('/contracts/k-1/versions', auth).expect(404);
    }
    await api.get('/contracts/k-unknown', otherClient).expect(404);
    await api.patch('/contracts/k-1', { budgetFen: 1 }, otherDistrict).expect(404);
    await api.post('/contracts/k-1/close', { reason: 'other' }, ownClient).expect(403);
    // Street staff see the contract but may not change the district's contract.
    await api.patch('/contracts/k-1', { budgetFen: 1 }, street1).expect(403);
    const ids = async (auth: Record<string, string>, query = ''): Promise<string[]> => {
      const items = (await api.get(`/contracts${query}`, auth).expect(200)).body.items as {
        contractId: string;
      }[];
      return items.map((c) => c.contractId);
    };
    expect(await ids(ownClient)).toEqual(['k-1', 'k-amend', 'k-budget', 'k-close']);
    expect(await ids(otherClient)).toEqual(['k-scope']);
    expect(await ids(otherDistrict)).toEqual([]);
    expect(await ids(street2)).toEqual(['k-amend', 'k-scope']);
    expect(await ids(admin, '?status=closed')).toEqual(['k-close']);
    expect(await ids(admin, '?provider=p-other')).toEqual(['k-scope']);
    expect(await ids(admin, '?serviceType=meal-assistance&limit=2')).toEqual(['k-1', 'k-amend']);
    const page = await api.get('/contracts?limit=2&after=k-amend', admin).expect(200);
    expect(page.body).toMatchObject({ next: 'k-close' });
    expect(await ids(admin, `?area=${STREET_2}`)).toEqual(['k-amend', 'k-scope']);
  });

  it('refuses bad terms with 400 naming the field and stores nothing', async () => {
    const cases: [object, string][] = [
      [{ ...terms, budgetFen: 1.5 }, 'budgetFen'],
      [{ ...terms, budgetFen: -1 }, 'budgetFen'],
      [{ ...terms, services: [] }, 'services'],
      [{ ...terms, services: [{ serviceType: 'meal', unitPriceFen: 1 }] }, 'services.0.serviceType'],
      [{ ...terms, services: [[]] }, 'services'],
      [{ ...terms, period: { from: '2027-02-30', to: '2027-12-31' } }, 'period.from'],
      [{ ...terms, period: { from: '2027-12-31', to: '2027-01-01' } }, 'period.to'],
      [{ ...terms, areas: ['2101.210103.210103001'] }, 'areas'],
      [
        { ...terms, targetGroups: { eligibilityCategories: [], priorityGroups: ['teenagers'] } },
        'priorityGroups',
      ],
      [{ ...terms, kpis: { onTimeShareTarget: 1.5, ratingTarget: 4 } }, 'kpis.onTimeShareTarget'],
      [{ ...terms, services: [terms.services[0], terms.services[0]] }, 'services'],
    ];
    for (const [body, field] of cases) {
      const res = await api.put('/contracts/k-bad', body, district).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body.errors)).toContain(field);
    }
    await api.put('/contracts/k-bad', { ...terms, buyerOrgUnit: OTHER_DISTRICT }, district).expect(403);
    await api.put('/contracts/k-bad', { ...terms, providerId: 'p-nowhere' }, district).expect(404);
    await api.get('/contracts/k-bad', admin).expect(404);
    await api.patch('/contracts/k-1', { budgetFen: 'lots' }, district).expect(400);
    await api.patch('/contracts/k-1', { providerId: 'p-other' }, district).expect(400);
    await api.get('/contracts?serviceType=teleport', admin).expect(400);
    expect((await api.get('/contracts/k-1', admin).expect(200)).body.version).toBe(1);
  });
});

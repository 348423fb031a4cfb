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

/** Providers and their staff against the real store and broker. */
describe('providers', () => {
  const ns = uniqueNamespace();
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: CITY }));
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const street = bearer(tokenFor({ role: 'street-staff', orgUnit: STREET_1 }));
  const street2 = bearer(tokenFor({ role: 'street-staff', orgUnit: STREET_2 }));
  const otherDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: OTHER_DISTRICT }));
  const ownClient = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-main' }));
  const otherClient = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-other' }));
  let service: RunningService;
  let api: ReturnType<typeof call>;
  const published = publishedOn(ns.topicPrefix);

  beforeAll(async () => {
    service = await startService(
      purchasedServicesService,
      testConfig(
        'purchased-services',
        ns,
        { SERVICE_SLA_MINUTES: 'emergency-assistance=20' },
        purchasedServicesService.extraConfig,
      ),
    );
    api = call(service.url);
    await api.put('/providers/p-main', provider(), district).expect(201);
    await api.put('/providers/p-other', provider(CREDIT_CODES[1], [STREET_2]), district).expect(201);
  });

  afterAll(async () => {
    await service?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('lists the catalogue with this city’s SLA', async () => {
    const res = await api.get('/service-types', ownClient).expect(200);
    expect(res.body.items).toHaveLength(12);
    expect(res.body.items[0]).toEqual({
      code: 'emergency-assistance',
      walletPart: 'basic-care',
      sixHelps: true,
      slaMinutes: 20,
    });
  });

  it('registers once, answers a repeat 200 and other details 409, and publishes ids and codes only', async () => {
    const again = await api.put('/providers/p-main', provider(), district).expect(200);
    expect(again.body).toMatchObject({
      providerId: 'p-main',
      operatingAreas: [STREET_1, STREET_2],
      revision: 1,
    });
    const other = await api.put('/providers/p-main', { ...provider(), name: 'Other' }, district).expect(409);
    expect(other.body.code).toBe('provider.exists');
    const sameCode = await api.put('/providers/p-dupe', provider(), district).expect(409);
    expect(sameCode.body.code).toBe('provider.credit-code-taken');
    const events = await published((e) => of(e, 'provider.registered', 'p-other').length > 0);
    expect(of(events, 'provider.registered', 'p-main').map((e) => e.payload)).toEqual([
      { providerId: 'p-main', registeredOrgUnit: DISTRICT, operatingAreas: [STREET_1, STREET_2] },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Li Hong|Yikang|024-2345/);
  });

  it('updates a provider: one provider.updated for a change of areas, none for a new name', async () => {
    await api.put('/providers/p-upd', provider(CREDIT_CODES[2]), admin).expect(201);
    const renamed = await api.patch('/providers/p-upd', { name: 'Renamed' }, district).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', revision: 2 });
    await api.patch('/providers/p-upd', { operatingAreas: [DISTRICT] }, district).expect(200);
    await api.patch('/providers/p-upd', { operatingAreas: [DISTRICT] }, district).expect(200);
    // Street staff cannot place a provider in the whole district.
    await api.patch('/providers/p-upd', { operatingAreas: [STREET_1] }, street).expect(403);
    const events = await published((e) => of(e, 'provider.updated', 'p-upd').length > 0);
    expect(of(events, 'provider.updated', 'p-upd').map((e) => e.payload)).toEqual([
      { providerId: 'p-upd', registeredOrgUnit: DISTRICT, operatingAreas: [DISTRICT] },
    ]);
  });

  it('shows a provider to staff of its units and to itself; to anyone else it is not there', async () => {
    await api.get('/providers/p-main', street).expect(200);
    expect((await api.get('/providers/p-main', ownClient).expect(200)).body.contact.name).toBe('Li Hong');
    for (const auth of [otherClient, otherDistrict]) {
      const res = await api.get('/providers/p-main', auth).expect(404);
      expect(res.body.code).toBe('provider.not-found');
      expect((await api.get('/providers/p-nowhere', auth).expect(404)).body.code).toBe('provider.not-found');
    }
    await api.get('/providers/p-other', street).expect(404);
    const own = await api.get('/providers', ownClient).expect(200);
    expect(own.body.items.map((p: { providerId: string }) => p.providerId)).toEqual(['p-main']);
    const inStreet2 = await api.get(`/providers?area=${STREET_2}`, admin).expect(200);
    expect(inStreet2.body.items.map((p: { providerId: string }) => p.providerId)).toEqual([
      'p-main',
      'p-other',
      'p-upd',
    ]);
    const fromStreet1 = await api.get('/providers', street).expect(200);
    expect(fromStreet1.body.items.map((p: { providerId: string }) => p.providerId)).toEqual([
      'p-main',
      'p-upd',
    ]);
    expect((await api.get('/providers', otherDistrict).expect(200)).body.items).toEqual([]);
    await api.patch('/providers/p-main', { name: 'x' }, otherDistrict).expect(404);
  });

  it('keeps staff with their licences, publishes coded facts, and counts licensed contact persons per street', async () => {
    const worker = (over: object = {}) => ({
      name: 'Wang Fang',
      role: 'contact-person',
      licence: 'social-worker',
      streetPath: STREET_1,
      active: true,
      ...over,
    });
    await api.put('/providers/p-main/workers/w-1', worker(), district).expect(201);
    await api.put('/providers/p-main/workers/w-1', worker(), district).expect(200);
    await api.put('/providers/p-main/workers/w-1', worker({ name: 'Wang Fang 2' }), district).expect(200);
    await api.put('/providers/p-main/workers/w-2', worker({ licence: 'none' }), district).expect(201);
    await api
      .put(
        '/providers/p-main/workers/w-3',
        worker({ streetPath: STREET_2, licence: 'senior-social-worker' }),
        district,
      )
      .expect(201);
    await api.put('/providers/p-main/workers/w-4', worker({ role: 'worker' }), district).expect(201);
    await api
      .put('/providers/p-other/workers/w-5', worker({ streetPath: STREET_2, active: false }), district)
      .expect(201);
    const outside = await api.put('/providers/p-other/workers/w-6', worker(), district).expect(400);
    expect(outside.body.code).toBe('worker.street-outside-areas');
    await api.put('/providers/p-main/workers/w-7', worker(), otherDistrict).expect(404);
    await api.put('/providers/p-main/workers/w-7', worker(), ownClient).expect(403);

    const report = await api.get(`/contact-persons/by-street?unit=${DISTRICT}`, district).expect(200);
    expect(report.body).toEqual({
      unit: DISTRICT,
      streets: [
        {
          streetPath: STREET_1,
          contactPersons: 2,
          licensed: 1,
          byLicence: { 'assistant-social-worker': 0, 'social-worker': 1, 'senior-social-worker': 0 },
        },
        {
          streetPath: STREET_2,
          contactPersons: 1,
          licensed: 1,
          byLicence: { 'assistant-social-worker': 0, 'social-worker': 0, 'senior-social-worker': 1 },
        },
      ],
    });
    await api.get(`/contact-persons/by-street?unit=${DISTRICT}`, street2).expect(403);

    const staff = await api.get('/providers/p-main/workers', ownClient).expect(200);
    expect(staff.body.items.map((w: { workerId: string }) => w.workerId)).toEqual([
      'w-1',
      'w-2',
      'w-3',
      'w-4',
    ]);
    expect(staff.body.items[0].name).toBe('Wang Fang 2');
    await api.get('/providers/p-main/workers', otherClient).expect(404);

    const events = await published((e) => of(e, 'provider.worker-changed', 'p-other:w-5').length > 0);
    expect(of(events, 'provider.worker-changed', 'p-main:w-1').map((e) => e.payload)).toEqual([
      {
        providerId: 'p-main',
        workerId: 'w-1',
        role: 'contact-person',
        licence: 'social-worker',
        streetPath: STREET_1,
        active: true,
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('Wang Fang');
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const cases: [object, string][] = [
      [{ ...provider(), creditCode: '52210102MJ00000011' }, 'creditCode'],
      [{ ...provider(), operatingAreas: [] }, 'operatingAreas'],
      [{ ...provider(), operatingAreas: ['2101.310102'] }, 'operatingAreas'],
      [{ ...provider(), contact: { name: 'x', phone: 'call me' } }, 'contact.phone'],
      [{ ...provider(), contact: null }, 'contact'],
      [{ ...provider(), extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await api.put('/providers/p-bad', body, admin).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body.errors)).toContain(field);
    }
    // Areas inside one another: refused by the use case, still a 400 naming the field.
    const nested = await api.put('/providers/p-bad', provider(CREDIT_CODES[2], [DISTRICT, STREET_1]), admin);
    expect(nested.status).toBe(400);
    expect(JSON.stringify(nested.body.errors)).toContain('operatingAreas');
    await api.put('/providers/bad%20id', provider(), admin).expect(400);
    await api
      .put(
        '/providers/p-main/workers/w-9',
        { name: 'x', role: 'boss', licence: 'none', streetPath: STREET_1, active: true },
        admin,
      )
      .expect(400);
    await api
      .put(
        '/providers/p-main/workers/w-9',
        { name: 'x', role: 'worker', licence: 'none', streetPath: DISTRICT, active: true },
        admin,
      )
      .expect(400);
    await api.get('/providers/p-bad', admin).expect(404);
    await api
      .get('/providers/p-main/workers', admin)
      .expect(200)
      .expect((r) => expect(r.body.items).toHaveLength(4));
  });
});

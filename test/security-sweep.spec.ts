import { startResidents } from '../apps/residents/test/residents-under-test.js';
import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { analyticsService } from '../apps/analytics/src/analytics.module.js';
import { centresService } from '../apps/centres/src/centres.module.js';
import { interventionsService } from '../apps/interventions/src/interventions.module.js';
import { purchasedServicesService } from '../apps/purchased-services/src/purchased-services.module.js';
import { CLIENT_ROLES, RevocationList, STAFF_ROLES, type Role } from '#anlao/auth';
import { topicName, Topics } from '#anlao/events';
import {
  bearer,
  dropDatabases,
  eventually,
  readTopic,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

/** Operations open to anyone, each for a reason; anything else must demand a token. */
const PUBLIC = new Set([
  'POST /auth/sign-in',
  'POST /auth/refresh',
  'POST /auth/token',
  'GET /auth/verification-key',
  'GET /health',
  'GET /health/ready',
]);
/** Operations on the caller's own account: every staff member is in their own scope. */
const SELF_SERVICE = new Set(['POST /auth/sign-out', 'POST /auth/password']);
/** Batch imports answer 200 with a per-row report; out of scope, every row must be refused. */
const BATCH_IMPORTS = new Set(['POST /org-units/import', 'POST /residents/import']);

const VICTIM_CENTRE = 'c-victim';
/** A provider with a contract and an order sent to it: another provider must reach none of them. */
const VICTIM_PROVIDER = 'o-victim';
const VICTIM_CONTRACT = 'k-victim';
const VICTIM_UNIT = '2101.210102';
const VICTIM_PATH = `${VICTIM_UNIT}.210102001.210102001001`;

type Schema = {
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
};

/** A body that passes validation where the schema gives examples, so scope (not validation) is what answers. */
function sample(schema: Schema | undefined, doc: OpenAPIObject, depth = 0): unknown {
  if (!schema || depth > 5) return undefined;
  if (schema.$ref)
    return sample(doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] as Schema, doc, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items, doc, depth + 1)];
    case 'object':
    case undefined:
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, doc, depth + 1)]),
      );
    default:
      return 'x-1';
  }
}

/**
 * The victim provider, its meal contract for the victim's street and the victim's order, which
 * dispatch sends to it. The order waits (422, retryable) until purchased-services has read the
 * resident, as a hotline would retry.
 */
async function providerWithOrder(gateway: string, admin: Record<string, string>, residentId: string) {
  const ps = (path: string) => `/api/purchased-services${path}`;
  const year = new Date().getUTCFullYear();
  await request(gateway)
    .put(ps(`/providers/${VICTIM_PROVIDER}`))
    .set(admin)
    .send({
      name: 'Victim provider',
      creditCode: '52210102MJ0000001Y',
      registeredOrgUnit: VICTIM_UNIT,
      operatingAreas: [`${VICTIM_UNIT}.210102001`],
      contact: { name: 'Contact', phone: '024-23456789' },
    })
    .expect(201);
  await request(gateway)
    .put(ps(`/contracts/${VICTIM_CONTRACT}`))
    .set(admin)
    .send({
      providerId: VICTIM_PROVIDER,
      buyerOrgUnit: VICTIM_UNIT,
      period: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` },
      budgetFen: 100_000,
      services: [{ serviceType: 'meal-assistance', unitPriceFen: 1500 }],
      areas: [`${VICTIM_UNIT}.210102001`],
      targetGroups: { eligibilityCategories: [], priorityGroups: [] },
      kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
    })
    .expect(201);
  const placed = await eventually(
    () =>
      request(gateway)
        .post(ps('/orders'))
        .set(admin)
        .set('Idempotency-Key', 'sweep-victim-order')
        .send({ residentId, serviceType: 'meal-assistance' }),
    (res) => res.status === 201,
    30_000,
  );
  expect(placed.body).toMatchObject({ state: 'dispatched', providerId: VICTIM_PROVIDER });
  return placed.body.orderId as string;
}

/**
 * The victim provider's worker, a programme of it in the victim's community with the victim as a
 * member, and a volunteer team with the victim as volunteer: made by the provider's own client once
 * interventions has read the provider and its worker.
 */
async function programmeWithMember(gateway: string, admin: Record<string, string>, residentId: string) {
  await request(gateway)
    .put(`/api/purchased-services/providers/${VICTIM_PROVIDER}/workers/w-victim`)
    .set(admin)
    .send({
      name: 'Worker',
      role: 'worker',
      licence: 'social-worker',
      streetPath: `${VICTIM_UNIT}.210102001`,
      active: true,
    })
    .expect(201);
  const provider = bearer(tokenForRole('organisation-client', 'victim'));
  const placed = await eventually(
    () =>
      request(gateway)
        .post('/api/interventions/programmes')
        .set(provider)
        .set('Idempotency-Key', 'sweep-victim-programme')
        .send({
          title: 'Victim programme',
          theme: 'smartphone-skills',
          theories: ['empowerment'],
          targetGroups: { eligibilityCategories: [], priorityGroups: [] },
          communityPath: VICTIM_PATH,
          plannedSessions: 6,
          minSessionsAttended: 5,
          facilitatorWorkerId: 'w-victim',
          instrument: 'empowerment-smartphone@1',
        }),
    (res) => res.status === 201,
    30_000,
  );
  const programmeId = placed.body.programmeId as string;
  await eventually(
    () =>
      request(gateway)
        .put(`/api/interventions/programmes/${programmeId}/members/${residentId}`)
        .set(provider),
    (res) => res.status === 201,
    30_000,
  );
  const team = await request(gateway)
    .post('/api/interventions/volunteer-teams')
    .set(provider)
    .set('Idempotency-Key', 'sweep-victim-team')
    .send({ name: 'Victim team', communityPath: VICTIM_PATH })
    .expect(201);
  const teamId = team.body.teamId as string;
  await request(gateway)
    .put(`/api/interventions/volunteer-teams/${teamId}/volunteers/${residentId}`)
    .set(provider)
    .send({ skills: ['companionship'], trainings: [] })
    .expect(201);
  return { programmeId, teamId };
}

function tokenForRole(role: Role, scope: 'victim' | 'elsewhere'): string {
  if (role === 'centre-client')
    return tokenFor({ role, centreId: scope === 'victim' ? VICTIM_CENTRE : 'c-elsewhere' });
  if (role === 'organisation-client')
    return tokenFor({ role, organisationId: scope === 'victim' ? 'o-victim' : 'o-elsewhere' });
  return tokenFor({ role, orgUnit: scope === 'victim' ? '2101' : '2101.210103' });
}

describe('security sweep: every operation of the combined OpenAPI document', () => {
  const ns = uniqueNamespace();
  const services: RunningService[] = [];
  let gateway: RunningService;
  let doc: OpenAPIObject;
  let victimResident: string;
  let victimCard: string;
  let victimOrder: string;
  let victimProgramme: string;
  let victimTeam: string;

  beforeAll(async () => {
    const urls: string[] = [];
    const residents = await startResidents(ns);
    services.push(residents);
    urls.push(`residents=${residents.url}`);
    for (const definition of [
      centresService,
      purchasedServicesService,
      interventionsService,
      analyticsService,
    ]) {
      const service = await startService(
        definition,
        testConfig(definition.name, ns, {}, definition.extraConfig),
      );
      services.push(service);
      urls.push(`${definition.name}=${service.url}`);
    }
    gateway = await startGateway(ns, { SERVICE_URLS: urls.join(',') });
    const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
    await request(gateway.url)
      .put(`/api/centres/centres/${VICTIM_CENTRE}`)
      .set(admin)
      .send({ name: 'Victim centre', kind: 'day-care', communityPath: VICTIM_PATH, capacity: 5 })
      .expect(201);
    await request(gateway.url)
      .post('/api/residents/org-units/import')
      .set(admin)
      .set('content-type', 'text/csv')
      .send(
        'code,name,level,parentCode\n2101,City,city,\n210102,Heping,district,2101\n210103,Shenhe,district,2101\n' +
          '210102001,Street,street,210102\n210102001001,Community,community,210102001',
      )
      .expect(200);
    const victim = await request(gateway.url)
      .post('/api/residents/residents')
      .set(admin)
      .send({
        nationalId: '11010519491231002X',
        name: 'Victim',
        phone: '13800000000',
        address: 'x',
        communityCode: '210102001001',
        hukou: 'urban',
        livingArrangement: 'alone',
        familyStatus: 'ordinary',
        economicStatus: 'dibao',
        selfCare: 'independent',
      })
      .expect(201);
    victimResident = victim.body.residentId as string;
    victimCard = (
      await request(gateway.url)
        .post(`/api/residents/residents/${victimResident}/card`)
        .set(admin)
        .expect(201)
    ).body.card.number as string;
    victimOrder = await providerWithOrder(gateway.url, admin, victimResident);
    ({ programmeId: victimProgramme, teamId: victimTeam } = await programmeWithMember(
      gateway.url,
      admin,
      victimResident,
    ));
    doc = (await request(gateway.url).get('/docs/openapi.json').expect(200)).body as OpenAPIObject;
  });

  afterAll(async () => {
    await gateway?.close();
    for (const s of services) await s.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('finds the operations of every service in the document', () => {
    const paths = Object.keys(doc.paths);
    for (const prefix of [
      '/api/residents/health',
      '/api/centres/centres',
      '/api/purchased-services/contracts',
      '/api/purchased-services/providers',
      '/api/purchased-services/orders',
      '/api/interventions/programmes',
      '/api/analytics/centre-visits/daily',
      '/api/analytics/coverage',
      '/api/analytics/at-risk',
      '/api/analytics/accessibility',
      '/api/analytics/scorecards',
      '/api/analytics/intervention-reports',
      '/admin/api-clients',
      '/audit',
    ]) {
      expect(paths.some((p) => p.startsWith(prefix))).toBe(true);
    }
  });

  it('answers no operation with 2xx without a token, with a wrong role, or out of scope', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(
        item as Record<
          string,
          {
            security?: unknown[];
            responses?: Record<string, { description?: string }>;
            requestBody?: { content?: Record<string, { schema?: Schema }> };
          }
        >,
      )) {
        const name = `${method.toUpperCase()} ${path.replace(/^\/api\/[a-z-]+/, '')}`;
        const key = `${method.toUpperCase()} ${path}`;
        if (!op.security || op.security.length === 0) {
          if (!PUBLIC.has(name)) failures.push(`${key}: no security requirement and not on the public list`);
          continue;
        }
        checked++;
        const url = path
          .replace(/\{centreId\}/g, VICTIM_CENTRE)
          .replace(/\{residentId\}/g, victimResident)
          .replace(/\{providerId\}/g, VICTIM_PROVIDER)
          .replace(/\{contractId\}/g, VICTIM_CONTRACT)
          .replace(/\{orderId\}/g, victimOrder)
          .replace(/\{programmeId\}/g, victimProgramme)
          .replace(/\{teamId\}/g, victimTeam)
          .replace(/\{sessionNo\}/g, '1')
          .replace(/\{phase\}/g, 'pre')
          .replace(/\{number\}/g, victimCard)
          .replace(/\{[^}]+\}/g, 'x-1');
        const body = sample(op.requestBody?.content?.['application/json']?.schema, doc);
        // City-wide reports are asked about the victim's district and community, for months.
        const month = new Date().toISOString().slice(0, 7);
        const query =
          path.startsWith('/api/analytics/') && !path.includes('/centre-visits/')
            ? { unit: VICTIM_UNIT, community: VICTIM_PATH, month, from: month, to: month }
            : { centreId: VICTIM_CENTRE, from: '2026-11-01', to: '2026-11-30' };
        const call = (token?: string) => {
          const req = request(gateway.url)[method as 'get'](url).query(query);
          if (token) void req.set(bearer(token));
          return body === undefined ? req : req.send(body as object);
        };
        const allowed = (op.responses?.['403']?.description ?? '')
          .replace('roles allowed: ', '')
          .split(', ') as Role[];

        const anonymous = await call();
        if (anonymous.status !== 401) failures.push(`${key}: ${anonymous.status} without a token`);

        const wrongRole = [...STAFF_ROLES, ...CLIENT_ROLES].find((r) => !allowed.includes(r));
        if (wrongRole) {
          const res = await call(tokenForRole(wrongRole, 'victim'));
          if (res.status !== 403) failures.push(`${key}: ${res.status} for role ${wrongRole}`);
        }

        if (!SELF_SERVICE.has(name)) {
          for (const role of allowed) {
            const res = await call(tokenForRole(role, 'elsewhere'));
            const text = JSON.stringify(res.body ?? '');
            const leaks = [
              VICTIM_CENTRE,
              VICTIM_UNIT,
              VICTIM_PROVIDER,
              victimOrder,
              victimProgramme,
              victimTeam,
              victimResident,
            ].some((v) => text.includes(v));
            const wroteNothing =
              BATCH_IMPORTS.has(name) &&
              !res.body?.created &&
              !res.body?.imported &&
              !res.body?.unchanged &&
              !res.body?.existing;
            if (res.status < 300 && !wroteNothing && (method !== 'get' || leaks))
              failures.push(`${key}: ${res.status} for ${role} of another scope`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(12);
    // Every operation, one request at a time, three roles and more each: minutes on a busy machine.
  }, 240_000);

  it('refuses a revoked token under any spelling of the scheme, on protected and public routes alike', async () => {
    // As if the gateway had read `credentials.revoked`.
    gateway.app.get(RevocationList).apply('sweep-revoked', 2);
    const revoked = tokenFor({ sub: 'sweep-revoked', ver: 1, role: 'city-admin', orgUnit: '2101' });
    const failures: string[] = [];
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      for (const path of [
        `/api/residents/residents/${victimResident}`,
        '/api/residents/health',
        '/auth/verification-key',
        '/docs/openapi.json',
      ]) {
        const res = await request(gateway.url).get(path).set('authorization', `${scheme} ${revoked}`);
        if (res.status !== 401 || res.body.code !== 'auth.revoked')
          failures.push(`${scheme} ${path}: ${res.status} ${res.body.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses non-canonical paths with 400 through the gateway and on the services’ own ports', async () => {
    const [residents, centres] = services;
    const encodedR = `%72${victimResident.slice(1)}`;
    const cases: [string, string][] = [
      [gateway.url, `/%61pi/centres/centres/${VICTIM_CENTRE}`],
      [gateway.url, `/%61pi/residents/residents/${victimResident}`],
      [gateway.url, `/api/residents/./residents/${victimResident}`],
      [gateway.url, `/api/residents/residents/../residents/${victimResident}`],
      [gateway.url, `/api//residents/residents/${victimResident}`],
      [gateway.url, `/api/residents/residents/${encodedR}`],
      [gateway.url, `/api/residents%2Fresidents/${victimResident}`],
      [gateway.url, '/%61udit'],
      [residents?.url ?? '', `/residents/${encodedR}`],
      [residents?.url ?? '', `/%72esidents/${victimResident}`],
      [residents?.url ?? '', `/./residents/${victimResident}`],
      [residents?.url ?? '', `//residents/${victimResident}`],
      [centres?.url ?? '', `/%63entres/${VICTIM_CENTRE}`],
      [centres?.url ?? '', `/centres/./${VICTIM_CENTRE}`],
    ];
    const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
    const failures: string[] = [];
    for (const [base, path] of cases) {
      const res = await request(base).get(path).set(admin);
      if (
        res.status !== 400 ||
        res.body.code !== 'request.non-canonical-path' ||
        !String(res.headers['content-type']).includes('application/problem+json')
      )
        failures.push(`${base === gateway.url ? 'gateway' : base} ${path}: ${res.status} ${res.body.code}`);
    }
    expect(failures).toEqual([]);
  });

  it('carries a well-formed correlation id into events and replaces any other', async () => {
    const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
    const register = (centreId: string, correlationId: string) =>
      request(gateway.url)
        .put(`/api/centres/centres/${centreId}`)
        .set(admin)
        .set('x-correlation-id', correlationId)
        .send({ name: 'Correlated centre', kind: 'day-care', communityPath: VICTIM_PATH, capacity: 5 })
        .expect(201);
    const kept = await register('c-corr-kept', 'sweep-corr:1');
    const bad = 'evil id\twith ${jndi:ldap://x} and "quotes"';
    const replaced = await register('c-corr-bad', bad.replace('\t', ' '));
    const replacedId = String(replaced.headers['x-correlation-id']);
    expect(kept.headers['x-correlation-id']).toBe('sweep-corr:1');
    expect(replacedId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);

    const events = (
      await readTopic(topicName(Topics.centres, ns.topicPrefix), (messages) =>
        ['c-corr-kept', 'c-corr-bad'].every((id) => messages.some((m) => m.key?.toString() === id)),
      )
    ).map((m) => JSON.parse(m.value?.toString() ?? '{}') as { subject: string; correlationId: string });
    expect(events.find((e) => e.subject === 'c-corr-kept')?.correlationId).toBe('sweep-corr:1');
    expect(events.find((e) => e.subject === 'c-corr-bad')?.correlationId).toBe(replacedId);
    expect(JSON.stringify(events)).not.toContain('jndi');
  });
});

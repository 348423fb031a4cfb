// What the fuzzer needs in its namespace, made the way an installation makes it:
// the first city-admin through the gateway's create-admin command, everything
// else through the public API (org units, a centre, its API client, a resident).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO } from '../lib/platform.mjs';

export const ADMIN_USERNAME = 'fuzz.city-admin';
export const CENTRE_ID = 'c-fuzz-01';
/** A social organisation with a worker, a client and a programme the seeded resident belongs to. */
export const ORGANISATION_ID = 'o-fuzz-01';
const COMMUNITY_PATH = '2101.210102.210102001.210102001001';

// Codes match the examples in the OpenAPI document, so schemathesis's example
// phase reaches past "unknown org unit" into the real use cases.
const ORG_UNITS = [
  'code,name,level,parentCode',
  '2101,沈阳市,city,',
  '210102,和平区,district,2101',
  '210102001,长白街道,street,210102',
  '210102001001,长白社区,community,210102001',
].join('\n');

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A made-up national ID number with a valid GB 11643 check character. */
function madeUpNationalId() {
  const body = `21010219400101${String(100 + Math.floor(Math.random() * 800)).padStart(3, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * WEIGHTS[i], 0);
  return body + '10X98765432'[sum % 11];
}

function client(gateway) {
  return async (method, path, { token, body, contentType = 'application/json', headers = {} } = {}) => {
    const res = await fetch(`${gateway}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': contentType }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'x-correlation-id': 'fuzz-seed',
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
}

function expect(res, what, ok = [200, 201, 204]) {
  // Status only: bodies may hold credentials.
  if (!ok.includes(res.status)) throw new Error(`seed: ${what} answered ${res.status}`);
  return res.json;
}

/** Seeds the namespace; returns the credentials and ids the fuzzer uses. */
export async function seed({ gateway, env }) {
  const password = randomBytes(24).toString('base64url');
  execFileSync(
    process.execPath,
    ['dist/apps/gateway/src/cli/create-admin.js', '--username', ADMIN_USERNAME, '--org-unit', '2101'],
    { cwd: REPO, env: { ...env, ANLAO_ADMIN_PASSWORD: password }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const call = client(gateway);
  const staffToken = expect(
    await call('POST', '/auth/sign-in', { body: { username: ADMIN_USERNAME, password } }),
    'sign-in',
  ).accessToken;

  expect(
    await call('POST', '/api/residents/org-units/import', {
      token: staffToken,
      body: ORG_UNITS,
      contentType: 'text/csv',
    }),
    'org-unit import',
  );
  expect(
    await call('PUT', `/api/centres/centres/${CENTRE_ID}`, {
      token: staffToken,
      body: { name: '模糊测试日间照料中心', kind: 'day-care', communityPath: COMMUNITY_PATH, capacity: 40 },
    }),
    'centre registration',
  );
  // The gateway learns of the centre from its event.
  let issued;
  for (let attempt = 0; !issued; attempt++) {
    const res = await call('POST', '/admin/api-clients', {
      token: staffToken,
      body: { kind: 'centre', centreId: CENTRE_ID },
    });
    if (res.status === 201 || res.status === 200) issued = res.json;
    else if (res.status !== 404 || attempt > 60) expect(res, 'centre client');
    else await sleep(500);
  }
  const centreToken = expect(
    await call('POST', '/auth/token', {
      body: { clientId: issued.clientId, clientSecret: issued.clientSecret },
    }),
    'client token',
  ).accessToken;

  const resident = expect(
    await call('POST', '/api/residents/residents', {
      token: staffToken,
      body: {
        nationalId: madeUpNationalId(),
        name: '模糊测试',
        phone: '13800000000',
        address: '长白街道 1 号楼',
        communityCode: '210102001001',
        hukou: 'urban',
        livingArrangement: 'alone',
        familyStatus: 'ordinary',
        economicStatus: 'ordinary',
        selfCare: 'independent',
      },
    }),
    'resident registration',
  );
  const organisation = await seedOrganisation(call, staffToken, resident.residentId);
  return {
    staffToken,
    centreToken,
    organisationToken: organisation.token,
    clientIds: [issued.clientId, organisation.clientId],
    ids: {
      centreId: CENTRE_ID,
      residentId: resident.residentId,
      clientId: issued.clientId,
      providerId: ORGANISATION_ID,
      programmeId: organisation.programmeId,
    },
  };
}

/**
 * The organisation's client and a programme with the seeded resident as member, so its routes are
 * fuzzed on real records. Interventions reads the organisation and its worker from events: the
 * programme is asked for until it stops answering 422 retryable.
 */
async function seedOrganisation(call, staffToken, residentId) {
  const street = COMMUNITY_PATH.split('.').slice(0, 3).join('.');
  expect(
    await call('PUT', `/api/purchased-services/providers/${ORGANISATION_ID}`, {
      token: staffToken,
      body: {
        name: '模糊测试社工机构',
        creditCode: '52210102MJ0000001Y',
        registeredOrgUnit: street.split('.').slice(0, 2).join('.'),
        operatingAreas: [street],
        contact: { name: '测试', phone: '024-23456789' },
      },
    }),
    'provider registration',
  );
  expect(
    await call('PUT', `/api/purchased-services/providers/${ORGANISATION_ID}/workers/w-fuzz`, {
      token: staffToken,
      body: { name: '测试社工', role: 'worker', licence: 'social-worker', streetPath: street, active: true },
    }),
    'worker',
  );
  const issued = expect(
    await call('POST', '/admin/api-clients', {
      token: staffToken,
      body: { kind: 'organisation', organisationId: ORGANISATION_ID, orgUnit: street },
    }),
    'organisation client',
  );
  const token = expect(
    await call('POST', '/auth/token', {
      body: { clientId: issued.clientId, clientSecret: issued.clientSecret },
    }),
    'organisation token',
  ).accessToken;
  const programme = {
    title: '模糊测试小组',
    theme: 'smartphone-skills',
    theories: ['empowerment'],
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    communityPath: COMMUNITY_PATH,
    plannedSessions: 6,
    minSessionsAttended: 5,
    facilitatorWorkerId: 'w-fuzz',
    instrument: 'empowerment-smartphone@1',
  };
  const until201 = async (what, request) => {
    for (let attempt = 0; ; attempt++) {
      const res = await request();
      if (res.status === 201 || res.status === 200) return res.json;
      if (res.status !== 422 || !res.json?.retryable || attempt > 120) return expect(res, what);
      await sleep(500);
    }
  };
  const created = await until201('programme', () =>
    call('POST', '/api/interventions/programmes', {
      token,
      body: programme,
      headers: { 'Idempotency-Key': 'fuzz-programme' },
    }),
  );
  await until201('member', () =>
    call('PUT', `/api/interventions/programmes/${created.programmeId}/members/${residentId}`, { token }),
  );
  return { token, clientId: issued.clientId, programmeId: created.programmeId };
}

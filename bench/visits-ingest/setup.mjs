// The benchmark's city, made the way an installation makes it: the first
// city-admin through the gateway's create-admin command, everything else
// through the public API behind the gateway — org units, centres (PUT), one API
// client per centre and its client-credentials token, and a population of
// residents imported as CSV (a residents job). Then it waits until the centres
// service's residents read model holds every one of them, so the benchmark's
// visits are `recorded`, not `rejected resident.unknown`.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { REPO } from '../../scripts/lib/platform.mjs';

const ADMIN_USERNAME = 'bench.city-admin';
const DISTRICT = '210102';
const STREETS = ['210102001', '210102002'];
/** Two communities per street. */
export const COMMUNITIES = STREETS.flatMap((s) => [`${s}001`, `${s}002`]);
const pathOf = (community) => `2101.${DISTRICT}.${community.slice(0, 9)}.${community}`;
const KINDS = ['day-care', 'service-centre', 'activity-room', 'canteen'];

const ORG_UNITS = [
  'code,name,level,parentCode',
  '2101,沈阳市,city,',
  `${DISTRICT},和平区,district,2101`,
  ...STREETS.map((s, i) => `${s},街道${i + 1},street,${DISTRICT}`),
  ...COMMUNITIES.map((c, i) => `${c},社区${i + 1},community,${c.slice(0, 9)}`),
].join('\n');

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The i-th made-up national ID number: born 1930–1960, a valid GB 11643 check character, unique per i. */
function nationalId(i) {
  const day = new Date(Date.UTC(1930, 0, 1) + (i % 10_000) * 86_400_000);
  const birth = day.toISOString().slice(0, 10).replace(/-/g, '');
  const body = `${DISTRICT}${birth}${String(Math.floor(i / 10_000) + 100).padStart(3, '0')}`;
  const sum = [...body].reduce((s, c, k) => s + Number(c) * WEIGHTS[k], 0);
  return body + '10X98765432'[sum % 11];
}

function residentsCsv(count) {
  const rows = [
    'nationalId,name,sex,birthDate,phone,address,communityCode,hukou,livingArrangement,familyStatus,economicStatus,selfCare,disabilities,chronicConditions',
  ];
  for (let i = 0; i < count; i++)
    rows.push(
      [
        nationalId(i),
        `压测${i}`,
        '',
        '',
        `139${String(10_000_000 + i).slice(-8)}`,
        `${1 + (i % 30)} 号楼`,
        COMMUNITIES[i % COMMUNITIES.length],
        i % 3 === 0 ? 'rural' : 'urban',
        ['alone', 'with-partner', 'with-children', 'other'][i % 4],
        'ordinary',
        'ordinary',
        ['independent', 'partly-dependent', 'dependent'][i % 3],
        '',
        '',
      ].join(','),
    );
  return rows.join('\n');
}

/** fetch against the gateway; throws on an unexpected status (with the status only: bodies hold secrets). */
export function client(gateway) {
  return async (method, path, { token, body, contentType = 'application/json', ok = [200, 201] } = {}) => {
    const res = await fetch(`${gateway}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': contentType }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'x-correlation-id': 'bench-visits-setup',
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!ok.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}`);
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
  };
}

/** Polls a job the residents API accepted until it ends; its counts. */
async function jobCounts(call, token, accepted, postedTo, gateway) {
  const path = new URL(accepted.headers.get('location') ?? '', `${gateway}${postedTo}`).pathname;
  for (let attempt = 0; ; attempt++) {
    const { json: job } = await call('GET', path, { token });
    if (job.status === 'succeeded') return job.counts;
    if (job.status === 'failed' || job.status === 'cancelled')
      throw new Error(`residents import: job ${job.status} ${JSON.stringify(job.failure)}`);
    if (attempt > 600) throw new Error(`residents import: job still ${job.status} after 5 minutes`);
    await sleep(500);
  }
}

/** The city's first city-admin (gateway's create-admin CLI, a throwaway password), signed in: its token. */
export async function createCityAdmin(call, env) {
  const password = randomBytes(24).toString('base64url');
  execFileSync(
    process.execPath,
    ['dist/apps/gateway/src/cli/create-admin.js', '--username', ADMIN_USERNAME, '--org-unit', '2101'],
    { cwd: REPO, env: { ...env, ANLAO_ADMIN_PASSWORD: password }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return (await call('POST', '/auth/sign-in', { body: { username: ADMIN_USERNAME, password } })).json
    .accessToken;
}

/** One API client per registered centre and its client-credentials token: `{centreId, token}` each. */
export async function centreClients(call, staffToken, centreIds) {
  const centres = [];
  for (const centreId of centreIds) {
    // The gateway learns of a centre from its event: 404 until then.
    let issued;
    for (let attempt = 0; !issued; attempt++) {
      const res = await call('POST', '/admin/api-clients', {
        token: staffToken,
        body: { kind: 'centre', centreId },
        ok: [200, 201, 404],
      });
      if (res.status !== 404) issued = res.json;
      else if (attempt > 120) throw new Error(`the gateway never learnt of centre ${centreId}`);
      else await sleep(500);
    }
    const token = (
      await call('POST', '/auth/token', {
        body: { clientId: issued.clientId, clientSecret: issued.clientSecret },
      })
    ).json.accessToken;
    centres.push({ centreId, token });
  }
  return centres;
}

/**
 * Seeds the namespace. Returns the staff token, `centres` (`{centreId, token}`),
 * the resident ids the centres read model holds, and how long each step took.
 */
export async function seedCity({ gateway, env, ns, centres: nCentres, residents: nResidents, say }) {
  const call = client(gateway);
  const timings = {};
  let t = performance.now();
  const lap = (name) => {
    timings[name] = Math.round(performance.now() - t);
    t = performance.now();
  };

  const staffToken = await createCityAdmin(call, env);
  await call('POST', '/api/residents/org-units/import', {
    token: staffToken,
    body: ORG_UNITS,
    contentType: 'text/csv',
  });
  lap('adminAndOrgUnitsMs');

  // Residents first: the import job and the read model catch up while the centres are registered.
  const accepted = await call('POST', '/api/residents/residents/import', {
    token: staffToken,
    body: residentsCsv(nResidents),
    contentType: 'text/csv',
    ok: [202],
  });
  const importing = jobCounts(call, staffToken, accepted, '/api/residents/residents/import', gateway);
  importing.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile

  const centreIds = Array.from({ length: nCentres }, (_, i) => `c-bench-${String(i + 1).padStart(2, '0')}`);
  for (const [i, centreId] of centreIds.entries())
    await call('PUT', `/api/centres/centres/${centreId}`, {
      token: staffToken,
      body: {
        name: `压测中心 ${i + 1}`,
        kind: KINDS[i % KINDS.length],
        communityPath: pathOf(COMMUNITIES[i % COMMUNITIES.length]),
        capacity: 200,
      },
    });
  const centres = await centreClients(call, staffToken, centreIds);
  lap('centresAndClientsMs');

  const counts = await importing;
  if ((counts.imported ?? 0) < nResidents)
    throw new Error(`residents import: ${JSON.stringify(counts)} (expected ${nResidents} imported)`);
  lap('residentsImportMs');
  say(`${counts.imported} residents imported; waiting for the centres read model…`);

  // The read model is the centres service's own collection: counted in its database, read-only.
  const mongo = await MongoClient.connect(env.MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
  try {
    const copies = mongo.db(`${ns.dbPrefix}centres`).collection('resident_copies');
    for (let attempt = 0; ; attempt++) {
      const have = await copies.countDocuments({});
      if (have >= nResidents) break;
      if (attempt > 600) throw new Error(`centres read model holds ${have} of ${nResidents} residents`);
      await sleep(500);
    }
    const residentIds = (
      await copies.find({}, { projection: { _id: 1 }, batchSize: nResidents + 1 }).toArray()
    ).map((d) => d._id);
    lap('readModelMs');
    return { staffToken, centres, residentIds, timings };
  } finally {
    await mongo.close();
  }
}

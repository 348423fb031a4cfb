/**
 * A small deterministic demo city, loaded through the public APIs (so it also
 * proves them): centres in two districts and a month of their visits. Loading
 * it twice changes nothing: every id is fixed and every API is idempotent.
 */
import { demoAccountsAllowed } from './demo-accounts.js';
import { call, GATEWAY, jobCounts, ok } from './demo-http.js';
import { demoPurchasedServices } from './demo-services.js';
import { demoInterventions } from './demo-interventions.js';
import {
  describeTally,
  emptyTally,
  reportVisits,
  residentsOf,
  type DemoVisit,
  type ItemResult,
} from './demo-visits.js';

/** Demo-only password of every demo staff account (printed by `npm start`). */
export const DEMO_PASSWORD = process.env.ANLAO_DEMO_PASSWORD ?? 'anlao-demo-passphrase';
export const DEMO_STAFF = [
  { username: 'demo.city-admin', role: 'city-admin', orgUnit: '2101' },
  { username: 'demo.heping', role: 'district-staff', orgUnit: '2101.210102' },
  { username: 'demo.changbai', role: 'street-staff', orgUnit: '2101.210102.210102001' },
  { username: 'demo.auditor', role: 'auditor', orgUnit: '2101' },
  { username: 'demo.hotline', role: 'hotline-operator', orgUnit: '2101' },
] as const;

const ACTIVITIES = ['meal', 'rehabilitation', 'recreation', 'health-check', 'training', 'day-care'] as const;

/** A seed from a text (FNV-1a), so a centre's day gets the same visits whichever day the demo runs. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG, so every run makes the same city. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_CENTRES = [
  {
    id: 'c-heping-01',
    name: '和平区长白街道日间照料中心',
    kind: 'day-care',
    path: '2101.210102.210102001.210102001001',
    capacity: 40,
  },
  {
    id: 'c-heping-02',
    name: '和平区南湖街道社区养老服务中心',
    kind: 'service-centre',
    path: '2101.210102.210102002.210102002003',
    capacity: 60,
  },
  {
    id: 'c-heping-03',
    name: '和平区太原街社区长者食堂',
    kind: 'canteen',
    path: '2101.210102.210102003.210102003001',
    capacity: 80,
  },
  {
    id: 'c-shenhe-01',
    name: '沈河区大南街道日间照料中心',
    kind: 'day-care',
    path: '2101.210103.210103001.210103001002',
    capacity: 30,
  },
  {
    id: 'c-shenhe-02',
    name: '沈河区五里河街道老年活动室',
    kind: 'activity-room',
    path: '2101.210103.210103002.210103002001',
    capacity: 25,
  },
] as const;

/** Open every day, 07:30–18:00 city time: the demo's visits (08:00–11:00, any weekday) fall inside. */
const DEMO_OPENING_HOURS = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ from: '07:30', to: '18:00' }]]),
);

const DEMO_ACTIVITIES: Record<(typeof DEMO_CENTRES)[number]['kind'], string[]> = {
  'day-care': ['meal', 'rehabilitation', 'recreation', 'health-check', 'day-care'],
  'service-centre': ['meal', 'recreation', 'health-check', 'training'],
  canteen: ['meal'],
  'activity-room': ['recreation', 'training'],
};

/** Credentials for a centre: a fresh secret each run (rotating the existing client, if any). */
async function centreCredentials(
  admin: string,
  centreId: string,
): Promise<{ clientId: string; clientSecret: string }> {
  type Client = { clientId: string; centreId: string | null; status: string };
  let existing: Client | undefined;
  for (let after: string | null = null, first = true; !existing && (first || after); first = false) {
    const page: { items: Client[]; next: string | null } = await ok(
      call('GET', `/admin/api-clients?limit=500${after ? `&after=${after}` : ''}`, admin),
      'list clients',
    );
    existing = page.items.find((c) => c.centreId === centreId && c.status === 'active');
    after = page.next;
  }
  if (existing)
    return ok(call('POST', `/admin/api-clients/${existing.clientId}/rotate`, admin), 'rotate client');
  // The gateway learns a new centre from its event; give it a moment.
  for (let attempt = 0; ; attempt++) {
    const res = await call('POST', '/admin/api-clients', admin, { kind: 'centre', centreId });
    if (res.status === 201) return (await res.json()) as { clientId: string; clientSecret: string };
    if (attempt > 60) throw new Error(`issue client for ${centreId}: ${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const ORG_UNITS = [
  'code,name,level,parentCode',
  '2101,沈阳市,city,',
  '210102,和平区,district,2101',
  '210103,沈河区,district,2101',
  '210102001,长白街道,street,210102',
  '210102002,南湖街道,street,210102',
  '210102003,太原街街道,street,210102',
  '210103001,大南街道,street,210103',
  '210103002,五里河街道,street,210103',
  '210102001001,长白社区,community,210102001',
  '210102002003,南湖社区,community,210102002',
  '210102003001,太原街社区,community,210102003',
  '210103001002,大南社区,community,210103001',
  '210103002001,五里河社区,community,210103002',
].join('\n');

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['秀英', '桂兰', '玉兰', '淑珍', '建国', '德明', '国华', '凤英', '志强', '淑兰'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A made-up but valid national ID number (GB 11643 check character). */
function demoNationalId(region: string, birth: string, seq: number): string {
  const body = `${region}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (WEIGHTS[i] ?? 0), 0);
  return body + '10X98765432'[sum % 11];
}

/** Org units, 300 elders across the five communities (through CSV import), cards, this month's credit. */
async function demoResidents(admin: string, random: () => number) {
  const unitsRes = await fetch(`${GATEWAY}/api/residents/org-units/import`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${admin}`,
      'content-type': 'text/csv',
      'x-correlation-id': 'demo-city',
    },
    body: ORG_UNITS,
  });
  if (unitsRes.status !== 200) throw new Error(`org units: ${unitsRes.status} ${await unitsRes.text()}`);
  const communities = ['210102001001', '210102002003', '210102003001', '210103001002', '210103002001'];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const rows = [
    'nationalId,name,sex,birthDate,phone,address,communityCode,hukou,livingArrangement,familyStatus,economicStatus,selfCare,disabilities,chronicConditions',
  ];
  for (let i = 0; i < 300; i++) {
    const community = pick(communities);
    const birth = `19${String(28 + Math.floor(random() * 36)).padStart(2, '0')}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    const id = demoNationalId(community.slice(0, 6), birth, 100 + i * 2 + (random() < 0.5 ? 1 : 0));
    rows.push(
      [
        id,
        pick(SURNAMES) + pick(GIVEN),
        '',
        '',
        `139${String(10_000_000 + i * 7919).slice(0, 8)}`,
        `${community.slice(-3)} 号院 ${1 + (i % 20)} 栋`,
        community,
        random() < 0.3 ? 'rural' : 'urban',
        pick(['alone', 'alone', 'with-partner', 'with-children', 'other']),
        random() < 0.06 ? 'shidu' : random() < 0.4 ? 'empty-nest' : 'ordinary',
        random() < 0.15 ? 'dibao' : random() < 0.05 ? 'special-hardship' : 'ordinary',
        pick(['independent', 'independent', 'partly-dependent', 'dependent']),
        '',
        random() < 0.4 ? 'hypertension' : '',
      ].join(','),
    );
  }
  const imported = await jobCounts(
    fetch(`${GATEWAY}/api/residents/residents/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'text/csv',
        'x-correlation-id': 'demo-city',
      },
      body: rows.join('\n'),
    }),
    '/api/residents/residents/import',
    admin,
    'import residents',
  );
  const eligible = await ok<{ items: { residentId: string; card: unknown }[] }>(
    call('GET', '/api/residents/residents?category=aged-80-plus&limit=200', admin),
    'list residents',
  );
  for (const r of eligible.items.filter((x) => !x.card).slice(0, 40)) {
    await ok(call('POST', `/api/residents/residents/${r.residentId}/card`, admin), 'issue card', [409, 422]);
  }
  const month = new Date().toISOString().slice(0, 7);
  const credit = await jobCounts(
    call('POST', '/api/residents/wallets/credit-runs', admin, { month }),
    '/api/residents/wallets/credit-runs',
    admin,
    'credit run',
  );
  return {
    imported: imported.imported ?? 0,
    existing: imported.existing ?? 0,
    credited: credit.credited ?? 0,
  };
}

/**
 * A month of a centre's visits, one PRNG per centre and day: 08:00–11:00 Beijing time,
 * stays of 30 minutes to 5.5 hours. Days 29 to 1 ago, inside centres' late window (30 days).
 */
function demoVisits(c: (typeof DEMO_CENTRES)[number], pool: string[], today: Date): DemoVisit[] {
  const visits: DemoVisit[] = [];
  for (let daysAgo = 29; daysAgo >= 1; daysAgo--) {
    const day = new Date(today.getTime() - daysAgo * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const random = prng(seedOf(`${c.id}:${date}`));
    const count = Math.floor(random() * c.capacity * 0.6);
    for (let i = 0; i < count; i++) {
      // 08:00–11:00 Beijing time is 00:00–03:00 UTC.
      const checkIn = new Date(
        Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, Math.floor(random() * 180)),
      );
      const checkOut = new Date(checkIn.getTime() + (30 + Math.floor(random() * 300)) * 60_000);
      visits.push({
        visitId: `${date}-${String(i).padStart(3, '0')}`,
        residentId: pool[Math.floor(random() * pool.length)] as string,
        activity: ACTIVITIES[Math.floor(random() * ACTIVITIES.length)] as string,
        checkInAt: checkIn.toISOString(),
        checkOutAt: checkOut.toISOString(),
      });
    }
  }
  return visits;
}

async function main(): Promise<void> {
  if (!demoAccountsAllowed(process.env)) {
    // Also when run by hand: the demo password is public, so never on external clusters.
    throw new Error(
      'demo accounts exist only on the local infrastructure (KAFKA_BROKERS/MONGO_URL are external)',
    );
  }
  const random = prng(20261125);
  const today = new Date();
  const signIn = await ok<{ accessToken: string }>(
    call('POST', '/auth/sign-in', null, { username: DEMO_STAFF[0].username, password: DEMO_PASSWORD }),
    'sign in as the demo city-admin',
  );
  const admin = signIn.accessToken;
  for (const staff of DEMO_STAFF.slice(1)) {
    await ok(
      call('POST', '/admin/staff', admin, { ...staff, password: DEMO_PASSWORD }),
      `create ${staff.username}`,
      [409],
    );
  }
  const residents = await demoResidents(admin, random);
  const tally = emptyTally();
  let firstClient: { centreId: string; clientId: string; clientSecret: string } | null = null;
  for (const c of DEMO_CENTRES) {
    const details = {
      name: c.name,
      kind: c.kind,
      communityPath: c.path,
      capacity: c.capacity,
      openingHours: DEMO_OPENING_HOURS,
      activities: DEMO_ACTIVITIES[c.kind],
    };
    const registered = await call('PUT', `/api/centres/centres/${c.id}`, admin, details);
    // Registered earlier with other details (an older demo): brought up to date.
    if (registered.status === 409)
      await ok(call('PATCH', `/api/centres/centres/${c.id}`, admin, details), `update ${c.id}`);
    else await ok(Promise.resolve(registered), `register ${c.id}`);
    const credentials = await centreCredentials(admin, c.id);
    firstClient ??= { centreId: c.id, ...credentials };
    const token = (
      await ok<{ accessToken: string }>(call('POST', '/auth/token', null, credentials), `token for ${c.id}`)
    ).accessToken;
    // Visitors are real residents of the centre's community (centres refuse unknown ones).
    const pool = await residentsOf(
      (path) => ok(call('GET', path, admin), `residents of ${c.id}`),
      c.path.slice(c.path.lastIndexOf('.') + 1),
    );
    if (pool.length === 0) throw new Error(`no residents in the community of ${c.id}`);
    await reportVisits(
      (visits) =>
        ok<{ results: ItemResult[] }>(
          call('POST', `/api/centres/centres/${c.id}/visits`, token, { visits }),
          `visits of ${c.id}`,
        ),
      demoVisits(c, pool, today),
      tally,
    );
  }
  const hotline = await ok<{ accessToken: string }>(
    call('POST', '/auth/sign-in', null, { username: 'demo.hotline', password: DEMO_PASSWORD }),
    'sign in as the demo hotline operator',
  );
  const services = await demoPurchasedServices(admin, hotline.accessToken, random);
  const heping = services.tokens.get('p-heping-yikang');
  if (!heping) throw new Error('no client for the Heping organisation');
  const groupWork = await demoInterventions(admin, heping, random);
  const refused = Object.values(tally.rejected).reduce((a, b) => a + b, 0);
  process.stdout.write(`demo visits: ${describeTally(tally)}\n`);
  if (refused > 0) throw new Error(`demo visits: ${refused} refused (see above)`);
  process.stdout.write(
    `demo city: ${DEMO_CENTRES.length} centres, ${tally.recorded} new visits (${tally.recorded + tally.duplicates} in all), ${residents.imported} new residents (${residents.existing} already there), ${residents.credited} wallets credited\n`,
  );
  process.stdout.write(`demo purchased services: ${services.summary}\n`);
  process.stdout.write(`demo group work: ${groupWork}\n`);
  process.stdout.write(
    `demo staff (password "${DEMO_PASSWORD}"): ${DEMO_STAFF.map((s) => `${s.username} (${s.role})`).join(', ')}\n`,
  );
  if (firstClient) {
    process.stdout.write(
      `demo centre client for ${firstClient.centreId}: clientId=${firstClient.clientId} clientSecret=${firstClient.clientSecret}\n`,
    );
  }
}

await main();

/**
 * The demo city's five centres, each loaded on its own (they run side by side): registered,
 * given a client, then three months of its visits reported with the centre's token.
 */
import { clientToken, type ApiClient, type ClientToken } from './demo-clients.js';
import { call, ok } from './demo-http.js';
import type { Step } from './demo-progress.js';
import { prng, seedOf } from './demo-random.js';
import { lastImportedFirst, residentsOf } from './demo-residents.js';
import { PROBE, reportVisits, type DemoVisit, type ItemResult, type VisitTally } from './demo-visits.js';

const ACTIVITIES = ['meal', 'rehabilitation', 'recreation', 'health-check', 'training', 'day-care'] as const;

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

type DemoCentre = (typeof DEMO_CENTRES)[number];

/** Open every day, 07:30–18:00 city time: the demo's visits (08:00–11:00, any weekday) fall inside. */
const DEMO_OPENING_HOURS = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ from: '07:30', to: '18:00' }]]),
);

const DEMO_ACTIVITIES: Record<DemoCentre['kind'], string[]> = {
  'day-care': ['meal', 'rehabilitation', 'recreation', 'health-check', 'day-care'],
  'service-centre': ['meal', 'recreation', 'health-check', 'training'],
  canteen: ['meal'],
  'activity-room': ['recreation', 'training'],
};

/** Days of history: three months, inside the demo's late window (npm start: 92 days). */
export const DEMO_DAYS = 91;
/** Days ago of the visits a centre reports too late on purpose: past any window the demo sets. */
const TOO_LATE_DAYS = [120, 121];

function visitOn(day: Date, n: number, random: () => number, pool: string[]): DemoVisit {
  // 08:00–11:00 Beijing time is 00:00–03:00 UTC.
  const checkIn = new Date(
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, Math.floor(random() * 180)),
  );
  const checkOut = new Date(checkIn.getTime() + (30 + Math.floor(random() * 300)) * 60_000);
  return {
    visitId: `${day.toISOString().slice(0, 10)}-${String(n).padStart(3, '0')}`,
    residentId: pool[Math.floor(random() * pool.length)] as string,
    activity: ACTIVITIES[Math.floor(random() * ACTIVITIES.length)] as string,
    checkInAt: checkIn.toISOString(),
    checkOutAt: checkOut.toISOString(),
  };
}

/**
 * Three months of a centre's visits, one PRNG per centre and day (the same visits whichever day
 * the demo runs): fewer at weekends, 08:00–11:00 Beijing time, stays of 30 minutes to 5.5 hours.
 */
function demoVisits(c: DemoCentre, pool: string[], today: Date): DemoVisit[] {
  const visits: DemoVisit[] = [];
  for (let daysAgo = DEMO_DAYS; daysAgo >= 1; daysAgo--) {
    const day = new Date(today.getTime() - daysAgo * 86_400_000);
    const random = prng(seedOf(`${c.id}:${day.toISOString().slice(0, 10)}`));
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    const count = Math.floor(random() * c.capacity * (weekend ? 0.25 : 0.6));
    for (let n = 0; n < count; n++) visits.push(visitOn(day, n, random, pool));
  }
  return visits;
}

/**
 * What a real centre also sends: a batch sent twice (a retry after a lost answer: `duplicate`), a
 * check-out typed before the check-in and visits found in a drawer months later (`rejected`). The
 * loader expects exactly these refusals and fails on any other.
 */
function flawedVisits(c: DemoCentre, pool: string[], today: Date, sent: DemoVisit[]): DemoVisit[] {
  const random = prng(seedOf(`${c.id}:flawed`));
  const late = TOO_LATE_DAYS.map((d, n) =>
    visitOn(new Date(today.getTime() - d * 86_400_000), n, random, pool),
  );
  const yesterday = new Date(today.getTime() - 86_400_000);
  const backwards = visitOn(yesterday, 900, random, pool);
  return [
    ...sent.slice(-3),
    ...late,
    { ...backwards, checkOutAt: new Date(Date.parse(backwards.checkInAt) - 60_000).toISOString() },
  ];
}

/** The refusals `flawedVisits` makes, per centre, by code. */
export const EXPECTED_REFUSALS: Record<string, number> = {
  'visit.too-late': TOO_LATE_DAYS.length,
  'visit.check-out-before-check-in': 1,
};

export interface CentreLoad {
  admin: string;
  clients: Promise<ApiClient[]>;
  /** Settles once the residents are imported (visitors are real residents of the centre's community). */
  residents: Promise<unknown>;
  today: Date;
  tally: VisitTally;
  step: Step;
  /** Shared by the five: whether the centres' read model knows the residents imported last. */
  gate: { known?: Promise<unknown> };
}

/** One centre: registered (or brought up to date), its client and token, then its visits. */
export async function loadCentre(c: DemoCentre, load: CentreLoad): Promise<ClientToken> {
  const { admin, step, tally } = load;
  await step(`${c.id} register`, async () => {
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
    if (registered.status === 409) {
      await registered.body?.cancel();
      await ok(call('PATCH', `/api/centres/centres/${c.id}`, admin, details), `update ${c.id}`);
    } else await ok(Promise.resolve(registered), `register ${c.id}`);
  });
  const existing = (await load.clients).find((k) => k.centreId === c.id && k.status === 'active');
  const client = await step(
    `${c.id} client and token`,
    () => clientToken(admin, existing, { kind: 'centre', centreId: c.id }, c.id),
    (r) => (r.waits > 0 ? `${r.waits} retries while the gateway's centre directory caught up` : ''),
  );
  await load.residents;
  const listed = await step(`${c.id} visitors`, () =>
    residentsOf(admin, c.path.slice(c.path.lastIndexOf('.') + 1)),
  );
  if (listed.length === 0) throw new Error(`no residents in the community of ${c.id}`);
  const visits = demoVisits(
    c,
    listed.map((r) => r.residentId),
    load.today,
  );
  const post = (batch: DemoVisit[]) =>
    ok<{ results: ItemResult[] }>(
      call('POST', `/api/centres/centres/${c.id}/visits`, client.token, { visits: batch }),
      `visits of ${c.id}`,
    );
  // A visit each of the visitors imported last, alone, until the centres know them: their read
  // model learns residents in import order, so then it knows (nearly) all, and the month goes in
  // one go. One centre asks for all five (one read model), the others wait for its answer.
  const probe = lastImportedFirst(listed)
    .map((r) => visits.find((v) => v.residentId === r.residentId))
    .filter((v) => v !== undefined)
    .slice(0, PROBE);
  const asking = !load.gate.known;
  load.gate.known ??= step(
    `${c.id} probe: ${probe.length} visits of residents imported last`,
    () => reportVisits(post, probe, tally),
    (r) =>
      r.retried > 0
        ? `sent again ${r.rounds - 1} times over ${(r.waitedMs / 1000).toFixed(1)} s until centres knew them`
        : '',
  );
  await load.gate.known;
  const rest = asking ? visits.filter((v) => !probe.includes(v)) : visits;
  await step(
    `${c.id} ${rest.length} visits`,
    () => reportVisits(post, rest, tally),
    (r) => (r.retried > 0 ? `${r.retried} sent again in ${r.rounds - 1} rounds` : ''),
  );
  await step(`${c.id} late, repeated and mistyped visits`, () =>
    reportVisits(
      post,
      flawedVisits(
        c,
        listed.map((r) => r.residentId),
        load.today,
        visits,
      ),
      tally,
    ),
  );
  return client;
}

/**
 * A small deterministic demo city, loaded through the public APIs (so it also
 * proves them): centres in two districts and a month of their visits, residents
 * with cards and wallets, purchased services and group work. Loading it twice
 * changes nothing: every id is fixed and every API is idempotent.
 *
 * Phases that do not need each other run side by side (the five centres, the
 * organisations, the cards and the credit run…); each waits only for what it
 * reads. Everything drawn from the city's one random sequence is drawn first, in
 * a fixed order, so the city is the same whichever phase ends first. A line per
 * phase as it ends, and a table of where the seconds went at the end.
 */
import { DEMO_CITY_ADMIN, demoAccountsAllowed, demoPassword } from './demo-accounts.js';
import { DEMO_CENTRES, EXPECTED_REFUSALS, loadCentre } from './demo-centres.js';
import { analyticsCaughtUp } from './demo-analytics.js';
import { listClients } from './demo-clients.js';
import { call, ok } from './demo-http.js';
import { demoInterventions, drawGroupWork } from './demo-interventions.js';
import { demoOrders, drawServiceTypes, planOrders } from './demo-orders.js';
import { DemoProgress } from './demo-progress.js';
import { prng } from './demo-random.js';
import { creditRun, importOrgUnits, importResidents, issueCards, residentRows } from './demo-residents.js';
import { demoProviders } from './demo-services.js';
import { describeTally, emptyTally } from './demo-visits.js';

const DEMO_PASSWORD = demoPassword();
export const DEMO_STAFF = [
  { ...DEMO_CITY_ADMIN, role: 'city-admin' },
  { username: 'demo.heping', role: 'district-staff', orgUnit: '2101.210102' },
  { username: 'demo.changbai', role: 'street-staff', orgUnit: '2101.210102.210102001' },
  { username: 'demo.auditor', role: 'auditor', orgUnit: '2101' },
  { username: 'demo.hotline', role: 'hotline-operator', orgUnit: '2101' },
] as const;

const PHASES = 10;

async function signIn(username: string): Promise<string> {
  const { accessToken } = await ok<{ accessToken: string }>(
    call('POST', '/auth/sign-in', null, { username, password: DEMO_PASSWORD }),
    `sign in as ${username}`,
  );
  return accessToken;
}

async function main(): Promise<void> {
  if (!demoAccountsAllowed(process.env)) {
    // Also when run by hand: the demo password is public, so never on external clusters.
    throw new Error(
      'demo accounts exist only on the local infrastructure (KAFKA_BROKERS/MONGO_URL are external)',
    );
  }
  const progress = new DemoProgress(PHASES);
  // Everything random is drawn first, in a fixed order, so the city does not depend on which
  // phase ends first: the residents, the orders' service types, the group work.
  const random = prng(20261125);
  const residentsCsv = residentRows(random);
  const serviceTypes = drawServiceTypes(random);
  const groupWorkDraws = drawGroupWork(random);
  const today = new Date();
  const tally = emptyTally();
  // One sign-in per account for the whole load (10 a minute per username; hashing costs seconds).
  const admin = await signIn(DEMO_STAFF[0].username);

  const orgUnits = progress.phase('org units', () => importOrgUnits(admin));
  // Each account hashes its password on the gateway (CPU for a second or more): one at a time,
  // after the org units, so they do not hold up the residents' import.
  const staff = orgUnits.then(() =>
    progress.phase('staff accounts', async () => {
      for (const s of DEMO_STAFF.slice(1))
        await ok(
          call('POST', '/admin/staff', admin, { ...s, password: DEMO_PASSWORD }),
          `create ${s.username}`,
          [409],
        );
    }),
  );
  const hotline = staff.then(() => signIn('demo.hotline'));
  const clients = listClients(admin);
  clients.catch(() => undefined); // its readers report a failure
  const residents = orgUnits.then(() =>
    progress.phase(
      'residents imported',
      () => importResidents(admin, residentsCsv),
      (r) => `${r.imported} new, ${r.existing} already there`,
    ),
  );
  const cards = residents.then(() =>
    progress.phase(
      'cards',
      () => issueCards(admin),
      (n) => `${n} issued`,
    ),
  );
  const credited = residents.then(() =>
    progress.phase(
      'credit run',
      () => creditRun(admin),
      (n) => `${n} wallets credited`,
    ),
  );
  const centres = orgUnits.then(() =>
    progress.phase(
      'centres and visits',
      (step) => {
        const gate = {};
        return Promise.all(
          DEMO_CENTRES.map((c) => loadCentre(c, { admin, clients, residents, today, tally, step, gate })),
        );
      },
      () => `${tally.recorded} new visits, ${tally.recorded + tally.duplicates} in all`,
    ),
  );
  const providers = orgUnits.then(() =>
    progress.phase('organisations, contracts and clients', (step) => demoProviders(admin, clients, step)),
  );
  const orders = Promise.all([residents, providers, hotline]).then(([, tokens, operator]) =>
    progress.phase(
      'orders and statements',
      async (step) => {
        const planned = await step('who orders', () => planOrders(admin, serviceTypes));
        return demoOrders(admin, operator, tokens, planned, credited, step);
      },
      (r) => (r.waits > 0 ? `${r.waits} requests sent again while purchased services caught up` : ''),
    ),
  );
  const groupWork = Promise.all([residents, providers]).then(([, tokens]) => {
    const heping = tokens.get('p-heping-yikang');
    if (!heping) throw new Error('no client for the Heping organisation');
    return progress.phase(
      'group work',
      () => demoInterventions(admin, heping, groupWorkDraws),
      (r) => (r.waits > 0 ? `${r.waits} requests sent again while interventions caught up` : ''),
    );
  });

  const [, , imported, , credits, clientsOf, , services, group] = await Promise.all([
    staff,
    orgUnits,
    residents,
    cards,
    credited,
    centres,
    providers,
    orders,
    groupWork,
  ]);
  await progress.phase(
    'analytics counted it',
    () => analyticsCaughtUp(),
    (left) => (left > 0n ? `${left} messages still to count after 180 s` : ''),
  );
  progress.report();

  process.stdout.write(`demo visits: ${describeTally(tally)}\n`);
  const unexpected = Object.entries(tally.rejected).filter(
    ([code, n]) => n !== (EXPECTED_REFUSALS[code] ?? 0) * DEMO_CENTRES.length,
  );
  if (unexpected.length > 0)
    throw new Error(`demo visits: refusals other than the planned ones: ${JSON.stringify(tally.rejected)}`);
  process.stdout.write(
    `demo city: ${DEMO_CENTRES.length} centres, ${tally.recorded} new visits (${tally.recorded + tally.duplicates} in all), ${imported.imported} new residents (${imported.existing} already there), ${credits} wallets credited\n`,
  );
  process.stdout.write(`demo purchased services: ${services.summary}\n`);
  process.stdout.write(`demo group work: ${group.summary}\n`);
  process.stdout.write(
    `demo staff (password "${DEMO_PASSWORD}"): ${DEMO_STAFF.map((s) => `${s.username} (${s.role})`).join(', ')}\n`,
  );
  const first = clientsOf[0];
  if (first) {
    process.stdout.write(
      `demo centre client for ${DEMO_CENTRES[0].id}: clientId=${first.clientId} clientSecret=${first.clientSecret}\n`,
    );
  }
}

try {
  await main();
} catch (error) {
  // Other phases may still be under way: stop them with the load.
  console.error(`demo city: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}

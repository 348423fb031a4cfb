// `npm run bench:freshness`: how fresh the coverage report is under load — the time from a visit's
// acceptance by the gateway (its 201) to the moment the coverage report, read through the gateway,
// counts it. A benchmark, not a test. About 3–4 minutes with the build.
//
// Starts residents, centres, analytics and the gateway from dist/ in a throwaway namespace (as
// `bench:visits` does, dropped at the end), seeds a city through the API (org units, centres with
// their clients, residents by CSV import), waits until analytics knows every resident, then:
//   1. probes alone (the platform idle): --probes visits, one at a time, each of a resident of the
//      probe community, timed from its 201 to the report of that community counting it (polled every
//      --poll ms);
//   2. the same probes under load: --concurrency connections POST batches of --batch visits of the
//      other communities' residents for --warmup + --duration s, the probes running meanwhile.
// Target (issue [9/11]): p99 under 2 s under load.
//
//   npm run bench:freshness -- [--centres 4] [--residents 1000] [--concurrency 3] [--batch 100]
//                              [--warmup 5] [--duration 30] [--probes 40] [--poll 25] [--keep]
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { infraUp } from '../../scripts/lib/platform.mjs';
import { loadAvg, machineInfo, repo, sayer, summarize, writeResult } from '../lib/bench-kit.mjs';
import { platformServices } from '../../scripts/lib/platform-services.mjs';
import { drive } from '../visits-ingest/drive.mjs';
import { freshnessProbe } from './probe.mjs';
import { seedCity } from '../visits-ingest/setup.mjs';

const { values: opts } = parseArgs({
  options: {
    centres: { type: 'string', default: '4' },
    residents: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '3' },
    batch: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '5' },
    duration: { type: 'string', default: '30' },
    probes: { type: 'string', default: '40' },
    poll: { type: 'string', default: '25' },
    keep: { type: 'boolean', default: false },
  },
});
const settings = Object.fromEntries(
  Object.entries(opts).map(([k, v]) => [k, typeof v === 'string' ? Number(v) : v]),
);
const say = sayer('freshness');
const started = new Date();
const id = randomBytes(4).toString('hex');
const ns = { dbPrefix: `bench${id}-`, topicPrefix: `bench${id}.` };
const TARGET_P99_MS = 2000;

const infra = infraUp();
const platform = await platformServices({
  names: ['residents', 'centres', 'analytics', 'gateway'],
  infra,
  ns,
  logDir: `${repo}/.local/bench-freshness/logs`,
  gatewayEnv: {
    RATE_LIMIT_PER_MINUTE: '1000000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    CLIENT_TOKEN_TTL_SECONDS: '3600',
  },
  keep: settings.keep,
  say,
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => void platform.stop().finally(() => process.exit(130)));

const out = { benchmark: 'freshness', started: started.toISOString(), machine: machineInfo(), settings };
let exitCode = 0;
const mongo = await MongoClient.connect(infra.MONGO_URL);
try {
  say('starting residents, centres, analytics, gateway…');
  await platform.start();
  const gateway = platform.url('gateway');
  const city = await seedCity({
    gateway,
    env: platform.env,
    ns,
    centres: settings.centres,
    residents: settings.residents,
    say,
  });
  // Analytics' own view of the residents: where each lives (read-only, to split probes from load).
  const profiles = mongo.db(`${ns.dbPrefix}analytics`).collection('resident_profiles');
  for (let attempt = 0; (await profiles.countDocuments({})) < city.residentIds.length; attempt++) {
    if (attempt > 600) throw new Error('analytics never read every resident');
    await sleep(500);
  }
  const places = new Map(
    (await profiles.find({}, { projection: { communityPath: 1 } }).toArray()).map((p) => [
      p._id,
      p.communityPath,
    ]),
  );
  const communities = [...new Set(places.values())].sort();
  const probeCommunity = communities.at(-1);
  const probeResidents = city.residentIds.filter((r) => places.get(r) === probeCommunity);
  const loadResidents = city.residentIds.filter((r) => places.get(r) !== probeCommunity);
  const [probeCentre, ...loadCentres] = city.centres;
  say(
    `probe community ${probeCommunity} (${probeResidents.length} residents); load on ${communities.length - 1} others`,
  );

  const prober = freshnessProbe({
    gateway,
    staffToken: city.staffToken,
    centre: probeCentre,
    residents: probeResidents,
    community: probeCommunity,
    pollMs: settings.poll,
  });

  say(`${settings.probes} probes alone…`);
  out.idle = summarize(await prober.series(settings.probes));
  say(`idle: p50 ${out.idle.p50} ms, p99 ${out.idle.p99} ms`);

  say(
    `load: ${settings.concurrency} connections × ${settings.batch} visits, ${settings.warmup} + ${settings.duration} s, probes meanwhile…`,
  );
  const background = prober.background();
  const load = await drive({
    base: gateway,
    pathOf: (centreId) => `/api/centres/centres/${centreId}/visits`,
    centres: loadCentres,
    clienteleOf: () => loadResidents,
    runTag: `fresh${id}`,
    batch: settings.batch,
    concurrency: settings.concurrency,
    warmupSec: settings.warmup,
    durationSec: settings.duration,
    onMeasureStart: async () => {
      background.state.measuring = true;
    },
    onMeasureEnd: async () => {
      background.state.measuring = false;
    },
  });
  const underLoad = await background.stop();
  out.load = {
    acceptedVisitsPerSec: load.acceptedVisitsPerSec,
    requestLatencyMs: load.latencyMs,
    statuses: load.statuses,
    httpErrors: load.httpErrors,
  };
  out.underLoad = summarize(underLoad);
  out.targetP99Ms = TARGET_P99_MS;
  out.met = out.underLoad !== null && out.underLoad.p99 < TARGET_P99_MS;
  out.loadAvgAtEnd = loadAvg();
  say(
    `under load (${load.acceptedVisitsPerSec} visits/s accepted): p50 ${out.underLoad?.p50} ms, p99 ${out.underLoad?.p99} ms (${out.underLoad?.n} probes); target p99 < ${TARGET_P99_MS} ms: ${out.met ? 'met' : 'NOT met'}`,
  );
} catch (error) {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  out.error = error instanceof Error ? error.message : String(error);
  exitCode = 1;
} finally {
  await mongo.close();
  await platform.stop();
}
const file = await writeResult('freshness', started, out);
say(`results: ${file}`);
console.log(
  [
    '| phase | probes | p50 ms | p99 ms | max ms | visits/s accepted |',
    '| --- | --: | --: | --: | --: | --: |',
    `| idle | ${out.idle?.n ?? '-'} | ${out.idle?.p50 ?? '-'} | ${out.idle?.p99 ?? '-'} | ${out.idle?.max ?? '-'} | 0 |`,
    `| under load | ${out.underLoad?.n ?? '-'} | ${out.underLoad?.p50 ?? '-'} | ${out.underLoad?.p99 ?? '-'} | ${out.underLoad?.max ?? '-'} | ${out.load?.acceptedVisitsPerSec ?? '-'} |`,
  ].join('\n'),
);
process.exit(exitCode);

// `npm run bench`: the city benchmark (issue [11/11]). For each size (elders), in a throwaway
// namespace with residents, centres, analytics and the gateway from dist/: the raw limits (store
// insertMany and upsert, broker sendBatch), a city of that size seeded through the services' own
// events (projection rate), the reports through the gateway next to the same answers computed from
// raw records, a rebuild of every projection, and the ingest load with freshness probes and each
// service's memory. JSON in bench/results/city-<start>.json, a Markdown table on stdout. Not a test.
//
//   npm run bench -- [--sizes 10000,100000] [--visits-per-elder 10] [--duration 30] [--warmup 5]
//                    [--concurrency 4] [--batch 200] [--probes 10] [--naive-samples 3] [--keep]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BSON, MongoClient } from 'mongodb';
import { pino } from 'pino';
import { createEvent, Topics, topicName } from '#anlao/events';
import { createKafka, withEvents } from '#anlao/messaging';
import { localDay } from '#anlao/platform';
import { infraUp } from '../../scripts/lib/platform.mjs';
import { newNamespace } from '../../scripts/lib/namespace.mjs';
import { platformServices } from '../../scripts/lib/platform-services.mjs';
import { loadAvg, machineInfo, repo, round, sayer, writeResult } from '../lib/bench-kit.mjs';
import { kafkaMessage, rawInsertMany, rawSendBatch, rawUpsert } from '../lib/raw-rates.mjs';
import { storeWatch } from '../lib/store-watch.mjs';
import { offsetWatcher, visitLike } from '../visits-ingest/drive.mjs';
import { centreClients, client, createCityAdmin } from '../visits-ingest/setup.mjs';
import { cityModel } from './city-model.mjs';
import { ingestPhase, rebuildPhase, reportsPhase } from './phases.mjs';
import { markdown } from './report.mjs';
import { publish, seedNaive, STORE_BULK, waitConsumed } from './seed.mjs';

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    'visits-per-elder': { type: 'string', default: '10' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '4' },
    batch: { type: 'string', default: '200' },
    probes: { type: 'string', default: '10' },
    'naive-samples': { type: 'string', default: '3' },
    'seed-timeout': { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
  },
});
const settings = {
  sizes: opts.sizes.split(',').map(Number),
  visitsPerElder: Number(opts['visits-per-elder']),
  durationSec: Number(opts.duration),
  warmupSec: Number(opts.warmup),
  concurrency: Number(opts.concurrency),
  batch: Number(opts.batch),
  probes: Number(opts.probes),
  naiveSamples: Number(opts['naive-samples']),
  seedTimeoutMin: Number(opts['seed-timeout']),
};
settings.catchUpMs = Math.min(600_000, settings.seedTimeoutMin * 60_000);
const say = sayer('city');
const started = new Date();
const t0 = performance.now();
const machine = machineInfo();
const quiet = pino({ level: 'silent' });
const SEED_TIMEOUT_MS = settings.seedTimeoutMin * 60_000;
const infra = infraUp();
const out = { benchmark: 'city', started: started.toISOString(), machine, settings, sizes: {} };

let current; // the size running: its clean-up
let interrupted;
/** Stops the run now: the services stopped, the namespace dropped, what ran so far kept (no table). */
function abort(reason) {
  if (interrupted) return;
  interrupted = reason;
  say(`${reason}: stopping the services and dropping the namespace`);
  void (current?.() ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => writeResult('city', started, { ...out, interrupted: reason, storePings: watch.stop() }))
    .then((file) => say(`partial results in ${file}`))
    .finally(() => process.exit(130));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => abort(signal));
// The store is shared: when a fresh client's ping goes unanswered twice in a row, stop at once.
const watch = storeWatch(infra.MONGO_URL, {
  say,
  onStuck: () => abort('the store did not answer a ping from a fresh client (twice, 10 s each)'),
});

/** Raw limits against the same store and broker, the services idle. */
async function rawLimits({ mongo, kafka, ns }) {
  const scratch = mongo.db(`${ns.dbPrefix}scratch`);
  const visitIndexes = (await mongo.db(`${ns.dbPrefix}centres`).collection('visits').indexes()).filter(
    (ix) => ix.name !== '_id_',
  );
  await scratch.createCollection('visits');
  for (const ix of visitIndexes) await scratch.collection('visits').createIndex(ix.key, { name: ix.name });
  await new Promise((r) => setTimeout(r, 2500));
  const lib = { createEvent, withEvents, localDay };
  const ids = Array.from({ length: 1000 }, (_, i) => `r-raw${i}`);
  const common = { batch: settings.batch, concurrency: settings.concurrency, budgetMs: 10_000, say };
  // Bulks of STORE_BULK (24), the shared store's rule for every bulk write (centres itself inserts a
  // request's visits in one insertMany: the comparison is with the store's rate at 24 per call).
  const insertMany = await rawInsertMany(scratch.collection('visits'), {
    ...common,
    batch: Math.min(settings.batch, STORE_BULK),
    docs: 60_000,
    docAt: (i) => visitLike(lib, i, ['c-raw-1', 'c-raw-2'], ids, 'raw').doc,
    bsonSize: (d) => BSON.calculateObjectSize(d),
    label: `store insertMany, visits with their ${visitIndexes.length} indexes`,
  });
  const sendBatch = await rawSendBatch(kafka, `${ns.topicPrefix}bench.raw`, {
    ...common,
    messages: 100_000,
    messageAt: (i) => kafkaMessage(visitLike(lib, i, ['c-raw-1'], ids, 'rawk').event),
    label: 'kafkajs sendBatch',
  });
  // A projection counter (coverage[unit:month]): 5,000 keys, the first pass inserts, then $inc.
  // Bulks of 24, ProjectionWriter's BULK: bulks of 200 upserts that meet existing documents exhausted
  // the docstore's pool of 200 PostgreSQL connections and wedged the store (2026-11-26, FerretDB 1.24).
  const upsert = await rawUpsert(scratch.collection('counters'), {
    batch: STORE_BULK,
    concurrency: 1,
    ops: 40_000,
    budgetMs: 10_000,
    // As ProjectionWriter increments a counter: guarded by the plan's seq, $inc and $set, upsert.
    opAt: (i, bulk) => {
      const unit = `2101.210102.210102001.${210102001000 + (i % 5000)}`;
      return {
        filter: { _id: `${unit}:2026-11`, seq: { $lt: bulk + 1 } },
        update: {
          $inc: { 'eligible.all': 1, 'served.all': 1, reached: 1, 'services.visits': 1 },
          $set: { unit, month: '2026-11', parentMonth: '2101.210102.210102001:2026-11', seq: bulk + 1 },
        },
      };
    },
    label: 'store upsert, coverage-counter-shaped, one writer',
    say,
  });
  return { insertMany, sendBatch, upsert };
}

async function runSize(size) {
  const ns = newNamespace('bench');
  const platform = await platformServices({
    names: ['residents', 'centres', 'analytics', 'gateway'],
    infra,
    ns,
    logDir: `${repo}/.local/bench-city/logs-${size}`,
    gatewayEnv: {
      RATE_LIMIT_PER_MINUTE: '1000000',
      ACCESS_TOKEN_TTL_SECONDS: '7200',
      CLIENT_TOKEN_TTL_SECONDS: '7200',
    },
    keep: opts.keep,
    say,
  });
  const live = [];
  current = async () => {
    for (const stop of live.reverse()) await stop().catch(() => undefined);
    await platform.stop();
  };
  const r = { namespace: ns.dbPrefix, loadAvgAtStart: loadAvg() };
  out.sizes[size] = r; // kept if the run is interrupted
  try {
    const ts = performance.now();
    await platform.start();
    r.startupSec = round((performance.now() - ts) / 1000, 1);
    const gateway = platform.url('gateway');
    const call = client(gateway);
    const token = await createCityAdmin(call, platform.env);
    const mongo = await MongoClient.connect(infra.MONGO_URL, {
      writeConcern: { w: 'majority', j: true },
      retryWrites: false,
    });
    live.push(() => mongo.close());
    const kafka = createKafka({ clientId: 'bench-city', brokers: infra.KAFKA_BROKERS.split(',') }, quiet);
    const admin = kafka.admin();
    await admin.connect();
    live.push(() => admin.disconnect());

    say(`[${size}] raw limits…`);
    r.raw = await rawLimits({ mongo, kafka, ns });

    const city = cityModel(size, { visitsPerElder: settings.visitsPerElder });
    say(
      `[${size}] ${city.communities.length} communities, ${city.centres.length} centres, ${city.nVisits} visits`,
    );
    for (const c of city.centres) {
      const { centreId, ...body } = c;
      await call('PUT', `/api/centres/centres/${centreId}`, { token, body });
    }
    const withClients = await centreClients(
      call,
      token,
      city.centres.slice(0, 8).map((c) => c.centreId),
    );
    r.naiveCopy = await seedNaive(mongo.db(`${ns.dbPrefix}naive`), city, say);

    say(`[${size}] publishing org units and elders…`);
    const residentsTopic = topicName(Topics.residents, ns.topicPrefix);
    await publish(kafka, residentsTopic, city.units.length, (i) => [city.unitEvent(city.units[i])]);
    const elders = await publish(kafka, residentsTopic, size, city.elderEvents);
    say(`  published ${elders.events} events at ${elders.eventsPerSec}/s; waiting for the consumers…`);
    // centres' residents read model: a visit of a resident it does not hold is rejected, so an ingest
    // without it measures nothing. Fail fast when its consumer reads but writes nothing.
    const copies = mongo.db(`${ns.dbPrefix}centres`).collection('resident_copies');
    const elderProjection = await waitConsumed(admin, ns.topicPrefix, {
      events: elders.events + city.units.length,
      timeoutMs: SEED_TIMEOUT_MS,
      say,
      check: async ({ perGroup }) => {
        const read = elders.events + city.units.length - perGroup['centres.residents-read-model'];
        const held = await copies.estimatedDocumentCount();
        if (read >= 1000 && held === 0)
          throw new Error(
            `centres' residents read model read ${read} events and holds no resident (see logs-${size}/centres.log: dead letters?)`,
          );
      },
    });
    r.readModel = { residents: await copies.countDocuments({}), elders: size };
    say(`[${size}] publishing visits…`);
    const visits = await publish(kafka, topicName(Topics.centres, ns.topicPrefix), city.nVisits, (j) => [
      city.visitEvent(j),
    ]);
    say(`  published ${visits.events} events at ${visits.eventsPerSec}/s; waiting for the consumers…`);
    // A seed that has not caught up by the timeout is recorded as such and the reports still run (their
    // naive ÷ real check then shows what the projections had not applied yet).
    const visitProjection = await waitConsumed(admin, ns.topicPrefix, {
      events: visits.events,
      timeoutMs: SEED_TIMEOUT_MS,
      say,
    }).catch((error) => {
      if (interrupted) throw error;
      say(`  visits' projection not finished: ${error.message}; reports run on what was applied`);
      return { events: visits.events, finished: false, error: error.message };
    });
    r.seed = {
      publish: { elders, visits },
      projection: { elders: elderProjection, visits: visitProjection },
    };

    say(`[${size}] reports…`);
    const community = city.communities[0];
    r.reports = await reportsPhase({
      gateway,
      token,
      naiveDb: mongo.db(`${ns.dbPrefix}naive`),
      city,
      community,
      naiveSamples: settings.naiveSamples,
      say,
    });

    const living = Array.from({ length: size }, (_, i) => i).filter((i) => city.elder(i).diedOn === null);
    if (r.readModel.residents < living.length)
      throw new Error(
        `centres' residents read model holds ${r.readModel.residents} of ${living.length} living elders: ingest not run (its visits would be rejected)`,
      );
    say(`[${size}] ingest, freshness, memory…`);
    const probeCommunity = city.communities.at(-1);
    const alive = (i) => city.elder(i).diedOn === null;
    const idsWhere = (pred) =>
      Array.from({ length: size }, (_, i) => i)
        .filter((i) => alive(i) && pred(city.elder(i)))
        .map((i) => city.elder(i).residentId);
    const watcher = offsetWatcher(kafka, topicName(Topics.centres, ns.topicPrefix));
    await watcher.start();
    live.push(() => watcher.stop());
    const pids = Object.fromEntries(platform.children.map((c) => [c.name, c.child.pid]));
    const [probeCentre, ...loadCentres] = withClients;
    r.ingest = await ingestPhase({
      gateway,
      token,
      admin,
      prefix: ns.topicPrefix,
      watcher,
      probe: {
        centre: probeCentre,
        residents: idsWhere((e) => e.communityPath === probeCommunity),
        community: probeCommunity,
      },
      load: { centres: loadCentres, residents: idsWhere((e) => e.communityPath !== probeCommunity) },
      pids,
      settings,
      say,
    });

    // Last: the rebuild replays the seed and the ingest's visits.
    say(`[${size}] rebuild…`);
    r.rebuild = await rebuildPhase({ gateway, token, timeoutMs: SEED_TIMEOUT_MS, say });
  } catch (error) {
    r.error = interrupted
      ? `interrupted by ${interrupted}`
      : error instanceof Error
        ? error.message
        : String(error);
    say(`[${size}] failed: ${r.error}`);
  } finally {
    await current();
    current = undefined;
  }
  r.loadAvgAtEnd = loadAvg();
  return r;
}

for (const size of settings.sizes) {
  if (interrupted) break;
  const ts = performance.now();
  out.sizes[size] = await runSize(size);
  out.sizes[size].minutes = round((performance.now() - ts) / 60_000, 1);
  say(`[${size}] done in ${out.sizes[size].minutes} min`);
}
machine.loadAvgAtEnd = loadAvg();
out.storePings = watch.stop();
out.durationSec = Math.round((performance.now() - t0) / 1000);
const file = await writeResult('city', started, out);
console.log(markdown(out));
say(`load average ${machine.loadAvgAtStart.join(' ')} → ${machine.loadAvgAtEnd.join(' ')}`);
say(`done in ${round(out.durationSec / 60, 1)} min; results in ${file}`);
process.exit(Object.values(out.sizes).some((s) => s.error) ? 1 : 0);

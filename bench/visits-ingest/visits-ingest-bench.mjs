// `npm run bench:visits`: visits ingest end to end — centres' batch endpoint
// driven through the gateway by the centres' own API clients, down to the
// visits' events on Kafka — next to the document store's raw `insertMany` and
// kafkajs' raw `sendBatch` against the same local infrastructure, in the same
// run. A benchmark, not a test. About 4–5 minutes with the build.
//
// Brings the local infrastructure up if needed (never down), starts residents,
// centres, analytics and the gateway from dist/ as child processes in a
// throwaway namespace (databases `bench<id>-*`, topics `bench<id>.*`, dropped at
// the end, also on an error or Ctrl-C), and seeds it through the API: a
// city-admin, org units, --centres centres each with its API client, and
// --residents residents (CSV import), waited for in the centres read model. Then:
//   1. raw rates, the services idle: insertMany of visit-like documents (with
//      their pending event) in batches of --batch, --concurrency in flight, into
//      a scratch collection with the visits collection's indexes, and with
//      `_id` only; kafkajs sendBatch of the visits' events, --batch per call,
//      --concurrency producers, and one producer (the relay's shape); and the
//      store's two per-visit statements (store-stages.mjs): the relay's clear
//      and the read-model look-up;
//   2. the load through the gateway: --warmup s, then --duration s measured; then
//      until the last accepted visit's event is on `anlao.centres.v1`
//      (--drain-timeout);
//   3. the same load straight at the centres service (no gateway) for --direct s
//      (default: --duration; 0 skips it), its events not waited for.
//
//   npm run bench:visits -- [--centres 8] [--residents 1000] [--concurrency 4]
//                           [--batch 200] [--warmup 5] [--duration 20] [--direct 20]
//                           [--drain-timeout 90] [--raw-budget 6] [--keep]
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BSON, MongoClient } from 'mongodb';
import { pino } from 'pino';
import { createEvent, Topics, topicName } from '#anlao/events';
import { createKafka, withEvents } from '#anlao/messaging';
import { localDay } from '#anlao/platform';
import { infraUp } from '../../scripts/lib/platform.mjs';
import { loadAvg, machineInfo, repo, round, sayer, writeResult } from '../lib/bench-kit.mjs';
import { cpuBetween, cpuSnapshot, infraPids } from '../lib/proc-cpu.mjs';
import { kafkaMessage, rawInsertMany, rawSendBatch } from '../lib/raw-rates.mjs';
import { platformServices } from '../../scripts/lib/platform-services.mjs';
import { drive, offsetWatcher, visitLike } from './drive.mjs';
import { cpuTable, markdown, stages, TARGET_SHARE } from './report.mjs';
import { seedCity } from './setup.mjs';
import { rawClears, rawLookups, rawPendingFind } from './store-stages.mjs';

const { values: opts } = parseArgs({
  options: {
    centres: { type: 'string', default: '8' },
    residents: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '4' },
    batch: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '5' },
    duration: { type: 'string', default: '20' },
    direct: { type: 'string' }, // default: --duration, so the two loads compare
    'drain-timeout': { type: 'string', default: '90' },
    'raw-budget': { type: 'string', default: '6' },
    keep: { type: 'boolean', default: false },
  },
});
const settings = {
  centres: Number(opts.centres),
  residents: Number(opts.residents),
  concurrency: Number(opts.concurrency),
  batch: Number(opts.batch),
  warmupSec: Number(opts.warmup),
  durationSec: Number(opts.duration),
  directSec: Number(opts.direct ?? opts.duration),
  drainTimeoutSec: Number(opts['drain-timeout']),
  rawBudgetSec: Number(opts['raw-budget']),
};
const say = sayer('visits');
const started = new Date();
const t0 = performance.now();
const machine = machineInfo();
const id = randomBytes(4).toString('hex');
const ns = { dbPrefix: `bench${id}-`, topicPrefix: `bench${id}.` };
const logDir = `${repo}/.local/bench-visits/logs`;
const quiet = pino({ level: 'silent' });

say(`load average ${machine.loadAvgAtStart.join(' ')}; namespace ${ns.dbPrefix}* / ${ns.topicPrefix}*`);
const infra = infraUp(); // idempotent: starts what is not running, never stops anything
const platform = await platformServices({
  names: ['residents', 'centres', 'analytics', 'gateway'],
  infra,
  ns,
  logDir,
  // Measured here is the ingest path, not the per-caller limiter (600/min by default, which these
  // clients stay under anyway); tokens outlive the run.
  gatewayEnv: {
    RATE_LIMIT_PER_MINUTE: '1000000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    CLIENT_TOKEN_TTL_SECONDS: '3600',
  },
  keep: opts.keep,
  say,
});

const live = []; // stopped before the services, last first
let cleaning;
const cleanup = () =>
  (cleaning ??= (async () => {
    for (const stop of live.reverse()) await stop().catch(() => undefined);
    await platform.stop();
  })());
// Ctrl-C: the services stop and the namespace goes; what was measured is still recorded (the run
// fails on its closed clients and ends below), else the process ends 10 s later. Twice: at once.
let interrupted;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.once(signal, () => {
    interrupted = signal;
    say(`${signal}: stopping the services and dropping the namespace`);
    void cleanup().finally(() => setTimeout(() => process.exit(130), 10_000));
  });

const out = {
  benchmark: 'visits-ingest',
  started: started.toISOString(),
  machine,
  settings: { ...settings, kafka: infra.KAFKA_BROKERS, store: infra.MONGO_URL },
};
let exitCode = 0;
try {
  say('starting residents, centres, analytics, gateway…');
  await platform.start();
  out.startupSec = round((performance.now() - t0) / 1000, 1);
  const gateway = platform.url('gateway');
  const city = await seedCity({
    gateway,
    env: platform.env,
    ns,
    centres: settings.centres,
    residents: settings.residents,
    say,
  });
  out.setup = { ...city.timings, residentsInReadModel: city.residentIds.length };
  say(
    `seeded: ${settings.centres} centres with clients, ${city.residentIds.length} residents known to centres`,
  );

  const pids = () => ({
    ...Object.fromEntries(platform.children.map((c) => [c.name, [c.child.pid]])),
    ...Object.fromEntries(Object.entries(infraPids()).map(([k, p]) => [k, [p]])),
  });
  const cpu = [];
  const timed = async (name, fn) => {
    const before = cpuSnapshot(pids());
    const r = await fn();
    cpu.push([name, cpuBetween(before, cpuSnapshot(pids()))]);
    return r;
  };

  // 1. Raw rates, the services idle.
  say('raw rates…');
  const mongo = await MongoClient.connect(infra.MONGO_URL, {
    writeConcern: { w: 'majority', j: true }, // as the services write
    retryWrites: false,
  });
  live.push(() => mongo.close());
  const scratch = mongo.db(`${ns.dbPrefix}scratch`);
  const visitIndexes = (await mongo.db(`${ns.dbPrefix}centres`).collection('visits').indexes()).filter(
    (ix) => ix.name !== '_id_',
  );
  await scratch.createCollection('visits');
  for (const ix of visitIndexes)
    await scratch
      .collection('visits')
      .createIndex(ix.key, { name: ix.name, ...(ix.unique ? { unique: true } : {}) });
  await scratch.createCollection('plain');
  await new Promise((r) => setTimeout(r, 2500)); // the docstore's twin maintainer polls every 0.75 s
  const docLib = { createEvent, withEvents, localDay };
  const centreIds = city.centres.map((c) => c.centreId);
  const docAt = (tag) => (i) => visitLike(docLib, i, centreIds, city.residentIds, tag).doc;
  const rawBudgetMs = settings.rawBudgetSec * 1000;
  const common = { batch: settings.batch, concurrency: settings.concurrency, budgetMs: rawBudgetMs, say };
  const raw = { visitIndexes: visitIndexes.map((ix) => ix.key) };
  raw.insertMany = await timed('raw insertMany (visits indexes)', () =>
    rawInsertMany(scratch.collection('visits'), {
      ...common,
      docAt: docAt('raw'),
      docs: 60_000,
      bsonSize: (d) => BSON.calculateObjectSize(d),
      label: `store insertMany into a collection with the visits indexes (${visitIndexes.length})`,
    }),
  );
  // The per-document relay (still used by check-outs and voids): measured on visits that each hold a
  // pending event, as every new visit did before ADR 0024; the same number as the insert above wrote.
  await scratch.createCollection('pending');
  for (const ix of visitIndexes)
    await scratch
      .collection('pending')
      .createIndex(ix.key, { name: ix.name, ...(ix.unique ? { unique: true } : {}) });
  await new Promise((r) => setTimeout(r, 2500));
  for (let start = 0; start < raw.insertMany.docs; start += settings.batch) {
    const chunk = [];
    for (let i = start; i < Math.min(start + settings.batch, raw.insertMany.docs); i++) {
      const { doc, event } = visitLike(docLib, i, centreIds, city.residentIds, 'pending');
      chunk.push({ ...doc, ...withEvents([event]) });
    }
    await scratch.collection('pending').insertMany(chunk, { ordered: false });
  }
  raw.pendingFind = {
    pending: raw.insertMany.docs,
    ...(await timed('raw relay-style find', () =>
      rawPendingFind(scratch.collection('pending'), {
        batch: settings.batch,
        budgetMs: rawBudgetMs / 2,
        say,
      }),
    )),
  };
  raw.clears = await timed('raw relay-style clears', () =>
    rawClears(scratch.collection('pending'), { budgetMs: rawBudgetMs, say }),
  );
  raw.lookups = await timed('raw read-model look-ups', () =>
    rawLookups(mongo.db(`${ns.dbPrefix}centres`).collection('resident_copies'), city.residentIds, {
      requests: settings.concurrency,
      budgetMs: rawBudgetMs,
      say,
    }),
  );
  raw.insertManyPlain = await timed('raw insertMany (_id only)', () =>
    rawInsertMany(scratch.collection('plain'), {
      ...common,
      docAt: docAt('plain'),
      docs: 60_000,
      bsonSize: (d) => BSON.calculateObjectSize(d),
      label: 'store insertMany, _id only',
    }),
  );
  const kafka = createKafka({ clientId: 'bench-visits', brokers: infra.KAFKA_BROKERS.split(',') }, quiet);
  const eventAt = (tag) => (i) => kafkaMessage(visitLike(docLib, i, centreIds, city.residentIds, tag).event);
  raw.sendBatch = await timed('raw sendBatch', () =>
    rawSendBatch(kafka, `${ns.topicPrefix}bench.raw`, {
      ...common,
      messageAt: eventAt('rawk'),
      messages: 100_000,
      label: 'kafkajs sendBatch',
    }),
  );
  raw.sendBatchOne = await timed('raw sendBatch (1 producer)', () =>
    rawSendBatch(kafka, `${ns.topicPrefix}bench.raw1`, {
      ...common,
      concurrency: 1,
      messageAt: eventAt('rawk1'),
      messages: 100_000,
      label: 'kafkajs sendBatch, one producer',
    }),
  );
  out.raw = raw;

  // 2 and 3. The load, and its events' way to Kafka.
  const topic = topicName(Topics.centres, ns.topicPrefix);
  const watcher = offsetWatcher(kafka, topic);
  const first = await watcher.start();
  live.push(() => watcher.stop());
  let expected = first.n; // every accepted visit adds one event to the topic
  // Each centre serves its own clientele: the population split evenly, none shared.
  const clientele = new Map(
    city.centres.map((c, i) => [
      c.centreId,
      city.residentIds.filter((_, j) => j % city.centres.length === i),
    ]),
  );
  const phase = async (name, { base, pathOf, warmupSec, durationSec, drain = true }) => {
    say(`${name}: ${warmupSec} s warm-up, ${durationSec} s measured, ${settings.concurrency} connections…`);
    let cpuStart;
    let cpuEnd;
    const http = await drive({
      base,
      pathOf,
      centres: city.centres,
      clienteleOf: (c) => clientele.get(c.centreId),
      runTag: `${name}-${id}`,
      batch: settings.batch,
      concurrency: settings.concurrency,
      warmupSec,
      durationSec,
      onMeasureStart: () => {
        cpuStart = cpuSnapshot(pids());
        return watcher.now();
      },
      onMeasureEnd: () => {
        cpuEnd = cpuSnapshot(pids());
        return watcher.now();
      },
    });
    const { atStart, atEnd, ...httpOut } = http;
    cpu.push([`${name}: load`, cpuBetween(cpuStart, cpuEnd)]);
    expected += http.recordedInPhase;
    say(
      `  ${http.acceptedVisitsPerSec} accepted visits/s, ${http.requestsPerSec} requests/s, ` +
        `p50 ${http.latencyMs?.p50} ms, p99 ${http.latencyMs?.p99} ms; ${expected - atEnd.n} not on Kafka at the end`,
    );
    const windowSec = (atEnd.t - atStart.t) / 1000;
    const backlog = expected - atEnd.n;
    const during = {
      publishedDuringWindow: atEnd.n - atStart.n,
      publishedPerSecDuringWindow: Math.round((atEnd.n - atStart.n) / windowSec),
      backlogAtEnd: backlog,
    };
    if (!drain) {
      say(`  published ${during.publishedPerSecDuringWindow}/s during the load (the rest not waited for)`);
      return { http: httpOut, kafka: during };
    }
    const drainFrom = cpuSnapshot(pids());
    const hit = await watcher.until(expected, settings.drainTimeoutSec * 1000);
    cpu.push([`${name}: drain`, cpuBetween(drainFrom, cpuSnapshot(pids()))]);
    const last = hit ?? (await watcher.now());
    const drainSec = (last.t - atEnd.t) / 1000;
    const published = last.n - atStart.n;
    const kafkaStats = {
      ...during,
      drained: Boolean(hit),
      notPublished: hit ? 0 : expected - last.n,
      drain: {
        secs: round(drainSec, 1),
        // A rate only where there was a backlog worth timing (two relay batches or more).
        perSec: backlog >= 2 * settings.batch && hit ? Math.round(backlog / drainSec) : null,
      },
      endToEndPerSec: Math.round(published / ((last.t - atStart.t) / 1000)),
    };
    say(
      `  published ${kafkaStats.publishedPerSecDuringWindow}/s during the load; ` +
        (hit
          ? `the last accepted visit reached Kafka ${round(drainSec, 1)} s after it`
          : `${kafkaStats.notPublished} still not on Kafka after ${settings.drainTimeoutSec} s`) +
        `; end to end ${kafkaStats.endToEndPerSec} visits/s`,
    );
    return { http: httpOut, kafka: kafkaStats };
  };
  out.gateway = await phase('gateway', {
    base: gateway,
    pathOf: (c) => `/api/centres/centres/${c}/visits`,
    warmupSec: settings.warmupSec,
    durationSec: settings.durationSec,
  });
  // Last, and not waited for on Kafka: its backlog would only add minutes of the same relay rate.
  if (settings.directSec > 0)
    out.direct = await phase('direct', {
      base: platform.url('centres'),
      pathOf: (c) => `/centres/${c}/visits`,
      warmupSec: settings.warmupSec,
      durationSec: settings.directSec,
      drain: false,
    });
  out.cpuPctOfOneCore = Object.fromEntries(cpu);
  out.verdict = stages(out);
} catch (error) {
  out.error = interrupted
    ? `interrupted by ${interrupted}`
    : error instanceof Error
      ? error.message
      : String(error);
  say(`failed: ${out.error}`);
  exitCode = interrupted ? 130 : 1;
} finally {
  await cleanup();
}

machine.loadAvgAtEnd = loadAvg();
out.durationSec = Math.round((performance.now() - t0) / 1000);
out.targetShareOfLowerRaw = TARGET_SHARE;
const file = await writeResult('visits-ingest', started, out);
if (out.verdict) {
  console.log(markdown(out));
  console.log();
  console.log(`Slowest stage: ${out.verdict.slowest}`);
  console.log();
  console.log('Stage rates (/s):');
  for (const s of out.verdict.list)
    console.log(`  ${s.stage}: ${s.perSec.toLocaleString('en')}${s.keptUp ? ' (kept up)' : ''}`);
  console.log();
  console.log('CPU, % of one core (2 cores = 200 %):');
  console.log(cpuTable(Object.entries(out.cpuPctOfOneCore)));
}
say(`load average ${machine.loadAvgAtStart.join(' ')} → ${machine.loadAvgAtEnd.join(' ')}`);
say(`done in ${round(out.durationSec / 60, 1)} min; results in ${file}`);
process.exit(exitCode);

// `npm run bench:backbone`: the event backbone's rates as the aggregate
// collection grows (10 k → 100 k → 1 M documents), through the platform's own
// code in dist/ (OutboxRelay, EventConsumer, EventProducer, withEvents), next
// to the raw store and broker rates measured in the same run. Not a test.
//
// Runs on the development Kafka and store (KAFKA_BROKERS, MONGO_URL; defaults
// 127.0.0.1:19092 and 127.0.0.1:27117) in a throwaway namespace — databases
// `bench<id>-centres`/`-analytics`, topics `bench<id>.s<size>.*` — dropped at
// the end, also on Ctrl-C. At each size:
//   1. grow the visits collection (and the consumer's inbox, unless
//      --empty-inbox) to the size with insertMany: the store's raw docs/s;
//   2. store updateOne({_id}, {$inc}) p50/p99; broker raw sendBatch msgs/s;
//   3. relay: --events pending events written, then drained: events/s;
//   4. consumer: a new group applies that backlog (inbox on, each run folded
//      into one guarded upsert per centre-day, like analytics): events/s;
//   5. end to end: --events more written while relay and consumer run;
//   6. freshness: --rate events/s for --duration s, applied − written p50/p99.
//
//   npm run bench:backbone -- [--sizes 10000,100000,1000000] [--events 2000]
//                             [--rate 100] [--duration 30] [--phase-timeout 180]
//                             [--empty-inbox] [--consumer-inbox] [--keep]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadAvg, machineInfo, round, sayer, writeResult } from '../lib/bench-kit.mjs';
import {
  dropBrokerNamespace,
  kafkaClient,
  namespace,
  openBroker,
  openStores,
  seedInbox,
  seedVisits,
  timePublishes,
  KAFKA_BROKERS,
  MONGO_URL,
} from './fixture.mjs';
import { rawSendBatch, rawUpdateById } from './raw-stages.mjs';
import { consumerBacklog, endToEnd, freshness, relayDrain, runningRelay } from './pipeline-stages.mjs';
import { breakdown, markdown, TARGETS, verdicts } from './report.mjs';

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    events: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '100' },
    duration: { type: 'string', default: '30' },
    'phase-timeout': { type: 'string', default: '180' },
    'empty-inbox': { type: 'boolean', default: false },
    // Analytics' day projection carries its own idempotence key (the event ids it counted), so its
    // group runs without the generic inbox; this measures a group that also needs the inbox.
    'consumer-inbox': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = opts.sizes
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const events = Number(opts.events);
const rate = Number(opts.rate);
const duration = Number(opts.duration);
const timeoutMs = Number(opts['phase-timeout']) * 1000;
const say = sayer('backbone');

const ns = namespace();
const started = new Date();
const t0 = performance.now();
const machine = machineInfo();
say(`namespace ${ns.dbPrefix}* / ${ns.topicPrefix}*; sizes ${sizes.join(', ')}; ${events} events per phase`);
// Seeding runs at ~5–7 k docs/s here, each phase is bounded by --phase-timeout.
const seedDocs = sizes.at(-1) * (opts['empty-inbox'] ? 1 : 2);
say(`expect about ${Math.ceil(seedDocs / 5000 / 60 + sizes.length * 2)} min`);

const stores = await openStores(ns);
const live = new Set(); // what must stop before the namespace is dropped, stopped last-started first
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    for (const stop of [...live].reverse()) await stop().catch(() => undefined);
    if (!opts.keep) {
      await dropBrokerNamespace(kafkaClient(), ns.topicPrefix).catch((e) => say(`topics not deleted: ${e}`));
      await stores.drop().catch((e) => say(`databases not dropped: ${e}`));
    }
    await stores.close();
  })();
  return cleaning;
}
async function measureSize(size, have, row) {
  const written = have.written; // documents the earlier phases added
  const seeded = await seedVisits(stores, have.seeded, Math.max(have.seeded, size - written));
  have.seeded = Math.max(have.seeded, size - written);
  say(`${size}: visits grown by ${seeded.docs} in ${seeded.secs} s (${seeded.docsPerSec} docs/s)`);
  if (!opts['empty-inbox']) {
    const inbox = await seedInbox(stores, have.inbox, size);
    have.inbox = Math.max(have.inbox, size);
    say(`${size}: inbox grown by ${inbox.docs} in ${inbox.secs} s`);
    row.inboxSeed = inbox;
  }
  row.seed = seeded;
  row.store = {
    insertManyDocsPerSec: seeded.docsPerSec ?? row.inboxSeed?.docsPerSec,
    updateById: await rawUpdateById(stores, have.seeded, say),
  };
  const prefix = `${ns.topicPrefix}s${size}.`;
  const broker = await openBroker(prefix);
  live.add(() => broker.producer.disconnect());
  timePublishes(broker.producer, stores.timer);
  row.broker = await rawSendBatch(broker.kafka, prefix, { say });
  const phase = { timeoutMs, say };
  const drained = await relayDrain(stores, broker.producer, events, `relay${size}`, phase);
  row.relay = drained.result;
  const backlog = await consumerBacklog(stores, broker, prefix, drained.ids, {
    ...phase,
    inbox: opts['consumer-inbox'],
  });
  live.add(() => backlog.consumer.stop());
  row.consumer = backlog.result;
  const relay = runningRelay(stores, broker.producer);
  live.add(() => relay.stop());
  row.endToEnd = await endToEnd(stores, relay, backlog.applied, events, `e2e${size}`, phase);
  row.freshness = await freshness(stores, relay, backlog.applied, {
    rate,
    secs: duration,
    drainMs: 60_000,
    say,
  });
  have.written += 2 * events + rate * duration;
  for (const stop of [...live].reverse()) await stop(); // relay (flushes), consumer, then the producer
  live.clear();
}

const rows = [];
const have = { seeded: 0, inbox: 0, written: 0 };
// A bounded run (`timeout 40m npm run bench:backbone`) still records what it measured.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    say(`${signal}: recording what was measured and dropping the namespace`);
    const row = rows.at(-1);
    if (row && !row.freshness) row.error = `interrupted by ${signal}`;
    void cleanup()
      .then(() => finish())
      .finally(() => process.exit(130));
  });
try {
  for (const size of sizes) {
    const row = { size };
    rows.push(row);
    try {
      await measureSize(size, have, row);
    } catch (error) {
      // A phase that overran still runs in the background: later sizes would measure it, so stop here.
      row.error = error instanceof Error ? error.message : String(error);
      say(`${size}: stopped: ${row.error}`);
      break;
    }
  }
} finally {
  await cleanup();
}
await finish();
process.exit(rows.some((r) => r.error) ? 1 : 0);

async function finish() {
  machine.loadAvgAtEnd = loadAvg();
  const out = {
    benchmark: 'backbone',
    started: started.toISOString(),
    durationSec: Math.round((performance.now() - t0) / 1000),
    machine,
    settings: {
      kafka: KAFKA_BROKERS,
      store: MONGO_URL,
      sizes,
      events,
      rate,
      durationSec: duration,
      phaseTimeoutSec: timeoutMs / 1000,
      inboxSeeded: !opts['empty-inbox'],
      consumerInbox: opts['consumer-inbox'],
    },
    targets: TARGETS,
    verdicts: verdicts(rows),
    results: rows,
  };
  const file = await writeResult('backbone', started, out);
  console.log(markdown(rows));
  console.log();
  console.log(breakdown(rows));
  console.log();
  console.log(JSON.stringify(out.verdicts));
  say(`done in ${round(out.durationSec / 60, 1)} min; results in ${file}`);
}

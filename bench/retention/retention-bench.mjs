// `npm run bench:retention`: what pruning costs on the embedded store, and what
// it costs the hot path. Through the platform's own code in dist/ (the inbox
// entry, DayBucketPruner, pruneAuditChain). Not a test.
//
// Runs on the development store (MONGO_URL, default 127.0.0.1:27117) in a
// throwaway database `bench<id>-retention`, dropped at the end, also on Ctrl-C.
// At each size (inbox entries; half of them past a 45-day retention, spread over
// 30 days, the other half recent):
//   1. the hot path with and without the inbox's `day` index: insertOne and
//      findOne({_id}) p50/p99, 300 each, alternating between two collections of
//      the same size;
//   2. a range filter, the design not taken: find({processedAt: {$lt: cutoff}})
//      that matches nothing reads the whole collection — time per pass;
//   3. the day-bucket pass (DayBucketPruner): entries deleted per second, and
//      findOne({_id}) p50/p99 measured while it runs;
//   4. the audit log: `size` entries over 2 chains, all but the last 100 of
//      each past a 180-day retention; pruneAuditChain's entries per second.
//
//   npm run bench:retention -- [--sizes 100000] [--keep]
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { loadAvg, machineInfo, round, sayer, summarize, writeResult } from '../lib/bench-kit.mjs';

const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const { DayBucketPruner, DAY_MS, NEVER_STOP, retentionCutoff } = await import(
  dist('libs/platform/src/index.js')
);
const { inboxEntry } = await import(dist('libs/messaging/src/index.js'));
const { pruneAuditChain } = await import(dist('apps/gateway/src/audit/audit-pruning.js'));

const { values: opts } = parseArgs({
  options: { sizes: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } },
});
const sizes = opts.sizes.split(',').map(Number);
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27117';
const say = sayer('retention');
const started = new Date();
const t0 = performance.now();
const machine = machineInfo();
const client = await MongoClient.connect(MONGO_URL);
const db = client.db(`bench${randomUUID().slice(0, 8)}-retention`);
const RETENTION_DAYS = 45;
const now = new Date();
const old = (i, n) => new Date(now.getTime() - (RETENTION_DAYS + 2 + (i % 30)) * DAY_MS - (i % n));

async function seed(collection, n, make) {
  const t = performance.now();
  for (let i = 0; i < n; i += 1000) {
    await collection.insertMany(
      Array.from({ length: Math.min(1000, n - i) }, (_, j) => make(i + j)),
      {
        ordered: false,
      },
    );
  }
  return round(n / ((performance.now() - t) / 1000), 0);
}

const timeOnce = async (fn) => {
  const t = performance.now();
  await fn();
  return round(performance.now() - t, 1);
};

async function measure(size) {
  const row = { size };
  const plain = db.collection(`inbox_plain_${size}`);
  const inbox = db.collection(`inbox_${size}`);
  await inbox.createIndex({ day: 1 });
  const keys = [];
  const entry = (i) => {
    const key = `bench.group:${randomUUID()}`;
    if (i % 50 === 0) keys.push(key);
    return inboxEntry(key, i < size / 2 ? old(i, size) : new Date(now.getTime() - (i % 1000)));
  };
  say(`${size}: seeding two inboxes (with and without the day index)`);
  row.seedDocsPerSec = {
    withDayIndex: await seed(inbox, size, entry),
    plain: await seed(plain, size, entry),
  };
  await new Promise((r) => setTimeout(r, 3000)); // the docstore's GIN twins appear within a second
  const pick = (i) => keys[i % keys.length];
  // Alternating between the two collections, so both see the same load of the shared machine.
  const lat = { withDayIndex: { findOneById: [], insertOne: [] }, plain: { findOneById: [], insertOne: [] } };
  const timed = async (list, fn) => {
    const t = performance.now();
    await fn();
    list.push(performance.now() - t);
  };
  for (let k = 0; k < 300; k++) {
    for (const [name, c] of [
      ['withDayIndex', inbox],
      ['plain', plain],
    ]) {
      await timed(lat[name].findOneById, () => c.findOne({ _id: pick(k) }));
      await timed(lat[name].insertOne, () => c.insertOne(inboxEntry(`bench.group:${randomUUID()}`)));
    }
  }
  const hot = {};
  for (const name of ['withDayIndex', 'plain']) {
    hot[name] = { findOneById: summarize(lat[name].findOneById), insertOne: summarize(lat[name].insertOne) };
    say(
      `  ${name}: findOne({_id}) p50 ${hot[name].findOneById.p50} / p99 ${hot[name].findOneById.p99} ms, insertOne p50 ${hot[name].insertOne.p50} / p99 ${hot[name].insertOne.p99} ms`,
    );
  }
  row.hotPath = hot;
  say(`${size}: range filter that matches nothing (reads the whole collection)`);
  row.rangeScanMs = [];
  for (let k = 0; k < 3; k++)
    row.rangeScanMs.push(
      await timeOnce(() =>
        plain.find({ processedAt: { $lt: new Date(0) } }, { limit: 480, batchSize: 481 }).toArray(),
      ),
    );
  say(`  ${row.rangeScanMs.join(' / ')} ms`);

  say(`${size}: day-bucket pass, with findOne({_id}) sampled meanwhile`);
  const pruner = new DayBucketPruner(
    {
      task: 'inbox',
      collection: inbox,
      dayField: 'day',
      timeField: 'processedAt',
      retentionDays: RETENTION_DAYS,
    },
    db.collection(`state_${size}`),
  );
  let done = false;
  const during = [];
  const sampler = (async () => {
    while (!done) {
      const t = performance.now();
      await inbox.findOne({ _id: pick(during.length) });
      during.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t = performance.now();
  const counts = await pruner.run(now, NEVER_STOP);
  const secs = (performance.now() - t) / 1000;
  done = true;
  await sampler;
  row.dayBucketPass = {
    ...counts,
    seconds: round(secs, 1),
    deletesPerSec: round(counts.deleted / secs, 0),
    findOneByIdDuring: summarize(during),
  };
  say(
    `  ${counts.deleted} deleted in ${round(secs, 1)} s (${row.dayBucketPass.deletesPerSec}/s); findOne({_id}) meanwhile p50 ${row.dayBucketPass.findOneByIdDuring?.p50} ms`,
  );
  // The hourly pass once caught up: its state, one look-up of the day that expired meanwhile (none here).
  row.dayBucketPassNothingToDoMs = await timeOnce(() => pruner.run(now, NEVER_STOP));

  say(`${size}: audit log over 2 chains, pruned from their start`);
  const audit = db.collection('audit_log');
  await audit.createIndex({ chain: 1, seq: 1 }, { unique: true });
  const perChain = size / 2;
  const auditEntry = (i) => {
    const chain = i % 2;
    const seq = Math.floor(i / 2) + 1;
    const recent = seq > perChain - 100;
    return {
      _id: randomUUID(),
      chain,
      seq,
      prevHash: '0'.repeat(64),
      hash: randomUUID(),
      at: recent ? now : new Date(now.getTime() - 400 * DAY_MS),
      orgUnit: '2101.210102',
      targets: [`r-${i}`],
    };
  };
  row.auditSeedDocsPerSec = await seed(audit, size, auditEntry);
  await db
    .collection('audit_chain_heads')
    .insertMany([0, 1].map((c) => ({ _id: `chain-${c}`, seq: perChain, hash: 'h' })));
  await new Promise((r) => setTimeout(r, 3000));
  const ta = performance.now();
  let pruned = 0;
  for (const chain of [0, 1])
    pruned += await pruneAuditChain(db, chain, retentionCutoff(now, 180), now, NEVER_STOP);
  const asecs = (performance.now() - ta) / 1000;
  row.auditPass = { deleted: pruned, seconds: round(asecs, 1), entriesPerSec: round(pruned / asecs, 0) };
  say(`  ${pruned} audit entries pruned in ${round(asecs, 1)} s (${row.auditPass.entriesPerSec}/s)`);
  await audit.drop();
  await db.collection('audit_chain_heads').drop();
  await db.collection('audit_chain_checkpoints').drop();
  return row;
}

const rows = [];
const cleanup = async () => {
  if (!opts.keep) await db.dropDatabase().catch(() => undefined);
  await client.close().catch(() => undefined);
};
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
try {
  for (const size of sizes) rows.push(await measure(size));
} finally {
  await cleanup();
}
machine.loadAvgAtEnd = loadAvg();
const file = await writeResult('retention', started, {
  benchmark: 'retention',
  started: started.toISOString(),
  durationSec: Math.round((performance.now() - t0) / 1000),
  machine,
  settings: { store: MONGO_URL, sizes, inboxRetentionDays: RETENTION_DAYS, auditRetentionDays: 180 },
  rows,
});
say(`results: ${file}`);

// `npm run bench:store`: raw cost of the embedded document store per backend
// (FerretDB 1.24 over PostgreSQL 15 with GIN twins, over SQLite, and over
// PostgreSQL without the twins — "postgresql-plain", for comparison) as one
// collection grows: insertMany docs/s, findOne({_id}), updateOne({_id}, {$inc})
// and an equality find on an indexed field (p50/p99 ms). Not a test.
//
// Each backend runs in its own throwaway store (deploy/local/infra.sh with
// LOCAL_INFRA_DIR=.local/bench-store, docstore only, ports 27317/15532), so the
// development store and Kafka are not touched. Results: bench/results/store-*.json
// and a Markdown table on stdout (copied into bench/README.md).
//
//   npm run bench:store -- [--backends postgresql,sqlite,postgresql-plain]
//                          [--sizes 10000,100000,1000000] [--scan-max 100000]
//                          [--samples 200] [--op-budget 20] [--keep]
//
// --scan-max: the backends whose finds scan the collection (sqlite,
// postgresql-plain) stop growing past this size: at 1M a single look-up takes
// seconds to minutes. --op-budget: seconds per operation and size; an
// operation stops sampling when it is spent (at least 5 samples).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { loadAvg, machineInfo, repo, round, sampleLatency, sayer, writeResult } from '../lib/bench-kit.mjs';

const { values: opts } = parseArgs({
  options: {
    backends: { type: 'string', default: 'postgresql,sqlite,postgresql-plain' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    'scan-max': { type: 'string', default: '100000' },
    samples: { type: 'string', default: '200' },
    'op-budget': { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
  },
});
const backends = opts.backends.split(',').filter(Boolean);
const sizes = opts.sizes
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const scanMax = Number(opts['scan-max']);
const maxSamples = Number(opts.samples);
const opBudgetMs = Number(opts['op-budget']) * 1000;
const BATCH = 1000;
// Every equality value matches GROUP documents at every size, so the find
// returns the same amount of data as the collection grows.
const GROUP = 10;

const state = join(repo, '.local', 'bench-store');
const infraEnv = (backend) => ({
  ...process.env,
  LOCAL_INFRA_DIR: state,
  INFRA_SERVICES: 'docstore',
  DOCSTORE_BACKEND: backend === 'sqlite' ? 'sqlite' : 'postgresql',
  // Read by the docstore program itself: no GIN twin maintainer.
  DOCSTORE_GIN_TWINS: backend === 'postgresql-plain' ? 'false' : 'true',
  DOCSTORE_PORT: '27317',
  DOCSTORE_PG_PORT: '15532',
  KAFKA_BROKERS: '',
  MONGO_URL: '',
});
const infra = (backend, cmd) =>
  execFileSync('bash', [join(repo, 'deploy/local/infra.sh'), cmd], {
    env: infraEnv(backend),
    stdio: ['ignore', 'pipe', 'inherit'],
  }).toString();

const say = sayer('store');

function doc(i) {
  return {
    _id: `doc-${String(i).padStart(8, '0')}`,
    group: `g-${Math.floor(i / GROUP)}`,
    centreId: `centre-${i % 40}`,
    day: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
    count: 0,
    amountFen: (i * 37) % 100000,
    tags: ['visit', i % 2 ? 'meal' : 'activity'],
    note: 'x'.repeat(120),
  };
}

// Random existing keys spread over the whole collection, one call at a time.
const sample = (name, n, fn) => sampleLatency(name, n, fn, { maxSamples, budgetMs: opBudgetMs, say });

async function runBackend(backend) {
  say(`${backend}: starting a throwaway store in ${state}`);
  const env = infra(backend, 'up');
  const url = /MONGO_URL=(\S+)/.exec(env)?.[1];
  if (!url) throw new Error(`infra.sh up printed no MONGO_URL for ${backend}`);
  const client = await MongoClient.connect(url, { maxPoolSize: 4, serverSelectionTimeoutMS: 10000 });
  const rows = [];
  try {
    const db = client.db('bench_store');
    await db.dropDatabase();
    const col = db.collection('docs');
    await col.createIndex({ group: 1 });
    // The GIN twin maintainer polls every 0.75 s: let it see the new table
    // before the load, as it does for a service's collections at start-up.
    await new Promise((r) => setTimeout(r, 2500));
    let have = 0;
    for (const size of sizes) {
      if (backend !== 'postgresql' && size > scanMax) {
        say(`${backend}: skipping ${size} (above --scan-max ${scanMax})`);
        rows.push({ size, skipped: `above --scan-max ${scanMax}` });
        continue;
      }
      const t0 = performance.now();
      for (let i = have; i < size; i += BATCH) {
        const batch = [];
        for (let j = i; j < Math.min(size, i + BATCH); j++) batch.push(doc(j));
        await col.insertMany(batch);
      }
      const secs = (performance.now() - t0) / 1000;
      const rate = Math.round((size - have) / secs);
      say(`${backend} @ ${size}: insertMany ${rate} docs/s (${size - have} docs in ${round(secs, 1)} s)`);
      have = size;
      const row = { size, insertManyDocsPerSec: rate };
      row.findById = await sample('findOne({_id})', size, (i) => col.findOne({ _id: doc(i)._id }));
      row.updateById = await sample('updateOne({_id}, {$inc})', size, (i) =>
        col.updateOne({ _id: doc(i)._id }, { $inc: { count: 1 } }),
      );
      row.findByIndexedField = await sample('find({group}) (indexed, 10 hits)', size, async (i) => {
        const found = await col.find({ group: doc(i).group }).toArray();
        if (found.length !== GROUP) throw new Error(`find({group}) returned ${found.length}, not ${GROUP}`);
      });
      rows.push(row);
    }
    if (!opts.keep) await db.dropDatabase();
  } finally {
    await client.close();
    infra(backend, 'down');
  }
  return rows;
}

const started = new Date();
const t0 = performance.now();
const machine = machineInfo();
const results = {};
for (const b of backends) results[b] = await runBackend(b);
machine.loadAvgAtEnd = loadAvg();
if (!opts.keep) rmSync(state, { recursive: true, force: true });

const out = {
  benchmark: 'store',
  started: started.toISOString(),
  durationSec: Math.round((performance.now() - t0) / 1000),
  machine,
  settings: { batch: BATCH, groupSize: GROUP, maxSamples, opBudgetSec: opBudgetMs / 1000, scanMax },
  results,
};
const file = await writeResult('store', started, out);

const cell = (m) => (m ? `${m.p50} / ${m.p99}` : '—');
const lines = [
  '| Backend | Docs | insertMany docs/s | findOne({_id}) p50/p99 ms | updateOne({_id},{$inc}) p50/p99 ms | find indexed field p50/p99 ms |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
];
for (const [b, rows] of Object.entries(results))
  for (const r of rows)
    lines.push(
      r.skipped
        ? `| ${b} | ${r.size.toLocaleString('en')} | skipped (${r.skipped}) | | | |`
        : `| ${b} | ${r.size.toLocaleString('en')} | ${r.insertManyDocsPerSec.toLocaleString('en')} | ${cell(r.findById)} | ${cell(r.updateById)} | ${cell(r.findByIndexedField)} |`,
    );
console.log(lines.join('\n'));
say(`done in ${out.durationSec} s; results in ${file}`);

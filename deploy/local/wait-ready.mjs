#!/usr/bin/env node
// Readiness probe for the local infrastructure (used by deploy/local/infra.sh).
//
//   node deploy/local/wait-ready.mjs [--timeout SECONDS] [--once]
//                                    [--only kafka|mongo] [--watch NAME:PID ...]
//
// Kafka: a real metadata request (kafkajs admin connect + listTopics).
// Mongo: the MongoDB driver's `ping` command against the admin database.
// Targets come from KAFKA_BROKERS (comma-separated host:port) and MONGO_URL.
//
// Without --once it retries until both answer or the timeout expires.
// --watch kafka:123 makes it give up early (exit 3) if process 123 dies.
// Exit codes: 0 ready, 1 not ready / timed out, 2 bad usage,
//             3 a watched process died, 4 kafkajs/mongodb not installed.
//
// kafkajs and mongodb are resolved like any `require` from this file, i.e.
// from the repository root's node_modules (NODE_PATH is honoured too).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function usage(msg) {
  console.error(`wait-ready: ${msg}`);
  process.exit(2);
}

const opts = { timeout: 120, once: false, only: null, watch: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--once') opts.once = true;
  else if (a === '--timeout') opts.timeout = Number(argv[++i]);
  else if (a === '--only') opts.only = argv[++i];
  else if (a === '--watch') {
    const [name, pid] = String(argv[++i]).split(':');
    if (!name || !Number(pid)) usage(`bad --watch value (want NAME:PID)`);
    opts.watch.push({ name, pid: Number(pid) });
  } else usage(`unknown argument ${a}`);
}
if (!Number.isFinite(opts.timeout) || opts.timeout <= 0) usage('bad --timeout');
if (opts.only && !['kafka', 'mongo'].includes(opts.only)) usage('--only takes kafka or mongo');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:19092')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const mongoUrl = process.env.MONGO_URL || 'mongodb://127.0.0.1:27117';

let Kafka, logLevel, MongoClient;
try {
  ({ Kafka, logLevel } = require('kafkajs'));
  ({ MongoClient } = require('mongodb'));
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    console.error(
      'wait-ready: cannot load kafkajs/mongodb. Install the repository dependencies first ' +
        '(`npm ci` at the repository root).',
    );
    console.error(`wait-ready: ${err.message.split('\n')[0]}`);
    process.exit(4);
  }
  throw err;
}

async function checkKafka() {
  const kafka = new Kafka({
    clientId: 'infra-wait-ready',
    brokers,
    connectionTimeout: 2000,
    requestTimeout: 3000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    const { brokers: live } = await admin.describeCluster();
    if (!live.length) throw new Error('no live brokers in metadata');
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function checkMongo() {
  const client = new MongoClient(mongoUrl, {
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
    directConnection: true,
  });
  try {
    await client.connect();
    const res = await client.db('admin').command({ ping: 1 });
    if (res.ok !== 1) throw new Error(`ping returned ${JSON.stringify(res)}`);
  } finally {
    await client.close().catch(() => {});
  }
}

const checks = [
  { name: 'kafka', target: brokers.join(','), fn: checkKafka },
  { name: 'mongo', target: mongoUrl, fn: checkMongo },
].filter((c) => !opts.only || c.name === opts.only);

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  try {
    // A zombie (exited, not yet reaped) still answers kill(0): look at its state.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs: trust kill(0)
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const deadline = Date.now() + opts.timeout * 1000;
const state = new Map(checks.map((c) => [c.name, { ok: false, error: 'not checked' }]));

for (;;) {
  await Promise.all(
    checks
      .filter((c) => !state.get(c.name).ok)
      .map(async (c) => {
        try {
          await c.fn();
          state.set(c.name, { ok: true });
          if (!opts.once) console.log(`wait-ready: ${c.name} ready (${c.target})`);
        } catch (err) {
          state.set(c.name, { ok: false, error: (err && err.message) || String(err) });
        }
      }),
  );

  const pending = checks.filter((c) => !state.get(c.name).ok);
  if (opts.once) {
    for (const c of checks) {
      const s = state.get(c.name);
      console.log(`${c.name}: ${s.ok ? 'answers' : `does not answer (${s.error})`} [${c.target}]`);
    }
    process.exit(pending.length ? 1 : 0);
  }
  if (!pending.length) process.exit(0);

  const dead = opts.watch.find((w) => pending.some((c) => c.name === w.name) && !alive(w.pid));
  if (dead) {
    console.error(`wait-ready: ${dead.name} process ${dead.pid} exited before it answered`);
    process.exit(3);
  }
  if (Date.now() >= deadline) {
    for (const c of pending) {
      console.error(
        `wait-ready: ${c.name} did not answer within ${opts.timeout}s (${c.target}): ${state.get(c.name).error}`,
      );
    }
    process.exit(1);
  }
  await sleep(500);
}

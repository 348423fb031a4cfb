// What every benchmark under bench/ shares: rounding, percentiles, a latency
// sampler with a per-operation budget, a description of the machine (figures
// mean little without it) and the formatted results file. Not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const sayer = (name) => (msg) => process.stderr.write(`bench:${name}: ${msg}\n`);
export const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** p50/p99/max of unsorted latencies (ms); `null` when there are none. */
export function summarize(latencies) {
  if (latencies.length === 0) return null;
  const lat = [...latencies].sort((a, b) => a - b);
  return { n: lat.length, p50: round(pct(lat, 50)), p99: round(pct(lat, 99)), max: round(lat.at(-1)) };
}

/**
 * Times `fn(pick(n))` one call at a time on random existing keys in [0, n):
 * `warmup` (2) warm-up calls (connections, plans, caches), then up to `maxSamples`
 * calls or `budgetMs` (at least `minSamples`, 5).
 */
export async function sampleLatency(
  name,
  n,
  fn,
  { maxSamples = 200, budgetMs = 20_000, warmup = 2, minSamples = 5, say = () => {} } = {},
) {
  const pick = () => Math.floor(Math.random() * n);
  for (let i = 0; i < warmup; i++) await fn(pick());
  const lat = [];
  const t0 = performance.now();
  while (lat.length < maxSamples && (lat.length < minSamples || performance.now() - t0 < budgetMs)) {
    const s = performance.now();
    await fn(pick());
    lat.push(performance.now() - s);
  }
  const r = summarize(lat);
  say(`  ${name}: p50 ${r.p50} ms, p99 ${r.p99} ms (${r.n} samples)`);
  return r;
}

export function machineInfo() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAvgAtStart: os.loadavg().map((x) => round(x)),
  };
}

export const loadAvg = () => os.loadavg().map((x) => round(x));

/** Writes `bench/results/<name>-<start time>.json`, formatted as `npm run lint` expects; returns its path. */
export async function writeResult(name, started, out) {
  mkdirSync(join(repo, 'bench/results'), { recursive: true });
  const file = join(repo, 'bench/results', `${name}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  // The repository's own Prettier options (print width), as `prettier --check` will judge the file.
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify(out), { ...options, parser: 'json' }));
  return file;
}

// The timed phases against a seeded city: the report endpoints through the gateway next to the same
// answers computed naively from raw records; a rebuild of every projection; the ingest load with
// freshness probes and each service's memory sampled meanwhile.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { round, sampleLatency, summarize } from '../lib/bench-kit.mjs';
import { rssSampler } from '../lib/proc-rss.mjs';
import { drive } from '../visits-ingest/drive.mjs';
import { freshnessProbe } from '../freshness/probe.mjs';
import { naiveAccessibility, naiveAtRisk, naiveCoverage, realCoverageRow, sameCoverage } from './naive.mjs';
import { waitConsumed } from './seed.mjs';

async function getJson(gateway, token, path) {
  const res = await fetch(`${gateway}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/**
 * Each report for the city and for one community, through the gateway (up to 100 samples or 10 s),
 * and the same answer from raw records (`naiveSamples` each, no warm-up beyond the check's call);
 * coverage and at-risk answers compared.
 */
export async function reportsPhase({ gateway, token, naiveDb, city, community, naiveSamples, say }) {
  const month = city.currentMonth;
  const days = 30;
  const queries = [
    ['coverage, city', `/api/analytics/coverage?month=${month}`, () => naiveCoverage(naiveDb, '2101', month)],
    [
      'coverage, community',
      `/api/analytics/coverage?unit=${community}&month=${month}`,
      () => naiveCoverage(naiveDb, community, month),
    ],
    [
      'at-risk, community',
      `/api/analytics/at-risk?community=${community}&days=${days}&limit=50`,
      () => naiveAtRisk(naiveDb, community, days, city.timeZone),
    ],
    [
      'accessibility, city',
      `/api/analytics/accessibility?month=${month}`,
      () => naiveAccessibility(naiveDb, '2101', month),
    ],
    [
      'accessibility, community',
      `/api/analytics/accessibility?unit=${community}&month=${month}`,
      () => naiveAccessibility(naiveDb, community, month),
    ],
  ];
  const out = { month, community, queries: {}, checks: {} };
  for (const [name, path, naive] of queries) {
    const real = await sampleLatency(`${name}, report`, 1, () => getJson(gateway, token, path), {
      maxSamples: 100,
      budgetMs: 10_000,
      say,
    });
    const naiveLat = await sampleLatency(`${name}, naive`, 1, naive, {
      warmup: 0,
      minSamples: naiveSamples,
      maxSamples: naiveSamples,
      budgetMs: 0,
      say,
    });
    out.queries[name] = { report: real, naive: naiveLat, speedup: round(naiveLat.p50 / real.p50, 1) };
  }
  // The answers compared: the real one and the naive one, printed side by side.
  for (const [name, unit] of [
    ['coverage, city', '2101'],
    ['coverage, community', community],
  ]) {
    const real = realCoverageRow((await getJson(gateway, token, queries.find((q) => q[0] === name)[1])).unit);
    const naive = (await naiveCoverage(naiveDb, unit, month)).unit;
    const diffs = sameCoverage(naive, real);
    out.checks[name] = { equal: diffs.length === 0, diffs, real, naive };
    say(`  ${name}: real ${JSON.stringify(real)}`);
    say(
      `  ${name}: naive ${JSON.stringify(naive)} → ${diffs.length === 0 ? 'equal' : `DIFFERENT: ${diffs.join('; ')}`}`,
    );
  }
  const realRisk = await getJson(gateway, token, queries[2][1]);
  const naiveRisk = await naiveAtRisk(naiveDb, community, days, city.timeZone);
  const ids = (list) => list.slice(0, 50).map((e) => e.residentId);
  const riskEqual =
    realRisk.total === naiveRisk.length && ids(realRisk.items).join() === ids(naiveRisk).join();
  out.checks['at-risk, community'] = {
    equal: riskEqual,
    real: { total: realRisk.total, first: ids(realRisk.items).slice(0, 5) },
    naive: { total: naiveRisk.length, first: ids(naiveRisk).slice(0, 5) },
  };
  say(
    `  at-risk: real ${realRisk.total}, naive ${naiveRisk.length} → ${riskEqual ? 'equal (first 50 in order)' : 'DIFFERENT'}`,
  );
  const realAcc = (await getJson(gateway, token, queries[4][1])).unit;
  const naiveAcc = await naiveAccessibility(naiveDb, community, month);
  const realPick = {
    centres: realAcc.supply.centres,
    capacity: realAcc.supply.capacity,
    eligibleElders: realAcc.supply.eligibleElders,
    capacityPerThousand: realAcc.supply.capacityPerThousand,
    visits: realAcc.use.visits,
  };
  const accEqual = Object.keys(realPick).every((k) => realPick[k] === naiveAcc[k]);
  out.checks['accessibility, community'] = { equal: accEqual, real: realPick, naive: naiveAcc };
  say(
    `  accessibility: real ${JSON.stringify(realPick)}, naive ${JSON.stringify(naiveAcc)} → ${accEqual ? 'equal' : 'DIFFERENT'}`,
  );
  return out;
}

/** Rebuild through the gateway: events/s until the replay has read everything, then until switched. */
export async function rebuildPhase({ gateway, token, timeoutMs, say }) {
  const t0 = performance.now();
  const res = await fetch(`${gateway}/api/analytics/admin/rebuild`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (res.status !== 202) throw new Error(`POST rebuild answered ${res.status}: ${await res.text()}`);
  let replayedAt = null;
  let status;
  for (let last = 0; ;) {
    status = await getJson(gateway, token, '/api/analytics/admin/rebuild');
    const r = status.rebuild;
    const secs = (performance.now() - t0) / 1000;
    if (r && replayedAt === null && r.total > 0 && r.applied >= r.total) replayedAt = secs;
    if (r && ['switched', 'dropped', 'aborted'].includes(r.phase) && replayedAt !== null) break;
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`rebuild still ${r?.phase} (${r?.percent} %) after ${round(secs)} s`);
    if (secs - last >= 30) {
      last = secs;
      say(`  … ${round(secs)} s: ${r?.phase}, ${r?.applied} of ${r?.total} (${r?.percent} %)`);
    }
    await sleep(500);
  }
  const r = status.rebuild;
  const out = {
    total: r.total,
    replaySecs: round(replayedAt, 1),
    eventsPerSec: Math.round(r.total / replayedAt),
    switchedSecs: round((performance.now() - t0) / 1000, 1),
    phase: r.phase,
    lanes: r.lanes,
  };
  say(
    `  rebuild: ${out.total} messages replayed in ${out.replaySecs} s (${out.eventsPerSec}/s); ${out.phase} at ${out.switchedSecs} s`,
  );
  return out;
}

/**
 * The ingest load through the gateway (visits-ingest's drive), freshness probes of `probe` meanwhile,
 * every service's RSS sampled; then until the centres topic holds every accepted visit and analytics
 * has consumed everything.
 */
export async function ingestPhase({
  gateway,
  token,
  admin,
  prefix,
  watcher,
  probe,
  load,
  pids,
  settings,
  say,
}) {
  const prober = freshnessProbe({ gateway, staffToken: token, ...probe, tag: `probe${prefix}` });
  say(`  ${settings.probes} freshness probes alone…`);
  const idle = summarize(await prober.series(settings.probes));
  const first = await watcher.now();
  const probesBefore = prober.sent();
  const rss = rssSampler(pids);
  const background = prober.background();
  say(
    `  load: ${settings.concurrency} connections × ${settings.batch} visits, ${settings.warmupSec} + ${settings.durationSec} s…`,
  );
  const t0 = performance.now();
  const http = await drive({
    base: gateway,
    pathOf: (c) => `/api/centres/centres/${c}/visits`,
    centres: load.centres,
    clienteleOf: () => load.residents,
    runTag: `load${prefix}`,
    batch: settings.batch,
    concurrency: settings.concurrency,
    warmupSec: settings.warmupSec,
    durationSec: settings.durationSec,
    onMeasureStart: async () => {
      background.state.measuring = true;
      return watcher.now();
    },
    onMeasureEnd: async () => {
      background.state.measuring = false;
      return watcher.now();
    },
  });
  const underLoad = summarize(await background.stop());
  const expected = first.n + http.recordedInPhase + prober.sent() - probesBefore;
  const onKafka = await watcher.until(expected, 120_000);
  // Not caught up within catchUpMs: recorded as such (the figures of the load itself are kept).
  const consumed = await waitConsumed(admin, prefix, {
    events: http.recordedInPhase,
    timeoutMs: settings.catchUpMs ?? 600_000,
    say,
  }).catch((error) => ({ secs: null, error: error.message }));
  const memory = rss.stop();
  const { atStart, atEnd } = http;
  const windowSec = (atEnd.t - atStart.t) / 1000;
  const out = {
    acceptedVisitsPerSec: http.acceptedVisitsPerSec,
    requestsPerSec: http.requestsPerSec,
    latencyMs: http.latencyMs,
    statuses: http.statuses,
    httpErrors: http.httpErrors,
    recorded: http.recordedInPhase,
    publishedPerSecDuringLoad: Math.round((atEnd.n - atStart.n) / windowSec),
    onKafkaSecsAfterLoad: onKafka ? round((onKafka.t - atEnd.t) / 1000, 1) : null,
    // Load start → analytics has consumed the last accepted visit.
    analyticsEndToEndPerSec:
      consumed.secs === null ? null : Math.round(http.recordedInPhase / ((performance.now() - t0) / 1000)),
    analyticsCatchUpError: consumed.error,
    analyticsCaughtUpSecsAfterLoad: consumed.secs,
    freshness: { idle, underLoad },
    memory,
  };
  say(
    `  ingest: ${out.acceptedVisitsPerSec} accepted/s (p50 ${out.latencyMs?.p50} ms, p99 ${out.latencyMs?.p99} ms), ` +
      `${out.publishedPerSecDuringLoad}/s on Kafka during the load, analytics end to end ${out.analyticsEndToEndPerSec}/s; ` +
      `freshness under load p50 ${underLoad?.p50} p99 ${underLoad?.p99} ms (${underLoad?.n} probes)`,
  );
  return out;
}

// The city benchmark's table: rows are figures, columns sizes; each figure beside its limit measured in
// the same run and its target, ✓ or ✗.

export const TARGETS = {
  ingestShareOfLowerRaw: 0.5,
  freshnessP99Ms: 2000,
  reportP99Ms: 50,
  naiveSpeedup: 100,
  rebuildShareOfUpsert: 0.5,
  rssMiB: 300,
};

const n = (x) => (typeof x === 'number' ? x.toLocaleString('en') : '—');
const mark = (ok) => (ok === null || ok === undefined ? '' : ok ? ' ✓' : ' ✗');
const pct = (a, b) => (typeof a === 'number' && b ? Math.round((a / b) * 100) : null);

/** One row per figure: `[figure, target, cell(size result)]`. */
function rows(services, queries) {
  const lowerRaw = (s) =>
    Math.min(s.raw?.insertMany.docsPerSec ?? Infinity, s.raw?.sendBatch.messagesPerSec ?? Infinity);
  return [
    ['raw store insertMany docs/s (visits’ indexes)', 'limit', (s) => n(s.raw?.insertMany.docsPerSec)],
    ['raw kafkajs sendBatch msgs/s', 'limit', (s) => n(s.raw?.sendBatch.messagesPerSec)],
    ['raw store upsert/s (counter-shaped, one writer)', 'limit', (s) => n(s.raw?.upsert.opsPerSec)],
    [
      'ingest: accepted visits/s via the gateway (÷ lower raw)',
      `≥ ${TARGETS.ingestShareOfLowerRaw * 100} % of lower raw`,
      (s) => {
        const p = pct(s.ingest?.acceptedVisitsPerSec, lowerRaw(s));
        return s.ingest
          ? `${n(s.ingest.acceptedVisitsPerSec)} (${p} %)${mark(p >= TARGETS.ingestShareOfLowerRaw * 100)}`
          : '—';
      },
    ],
    [
      'ingest: request latency p50 / p99 ms',
      '—',
      (s) => (s.ingest ? `${n(s.ingest.latencyMs?.p50)} / ${n(s.ingest.latencyMs?.p99)}` : '—'),
    ],
    ['ingest: on Kafka during the load, visits/s', '—', (s) => n(s.ingest?.publishedPerSecDuringLoad)],
    ['ingest: load start → analytics caught up, visits/s', '—', (s) => n(s.ingest?.analyticsEndToEndPerSec)],
    [
      'freshness idle p50 / p99 ms',
      '—',
      (s) =>
        s.ingest?.freshness.idle
          ? `${n(s.ingest.freshness.idle.p50)} / ${n(s.ingest.freshness.idle.p99)}`
          : '—',
    ],
    [
      'freshness under load p50 / p99 ms (probes)',
      `p99 < ${n(TARGETS.freshnessP99Ms)}`,
      (s) => {
        const f = s.ingest?.freshness.underLoad;
        return f
          ? `${n(f.p50)} / ${n(f.p99)} (${f.n})${mark(f.p99 < TARGETS.freshnessP99Ms)}`
          : s.ingest
            ? 'no probe seen ✗'
            : '—';
      },
    ],
    ...queries.map((q) => [
      `report ${q}: p50 / p99 ms; naive p50 ms (×)`,
      `p99 < ${TARGETS.reportP99Ms}; ≥ ${TARGETS.naiveSpeedup}×`,
      (s) => {
        const r = s.reports?.queries[q];
        if (!r) return '—';
        return `${n(r.report.p50)} / ${n(r.report.p99)}${mark(r.report.p99 < TARGETS.reportP99Ms)}; ${n(Math.round(r.naive.p50))} (${n(r.speedup)}×)${mark(r.speedup >= TARGETS.naiveSpeedup)}`;
      },
    ]),
    [
      'naive answer = report (coverage city, community; at-risk; accessibility)',
      'equal',
      (s) =>
        s.reports
          ? Object.values(s.reports.checks)
              .map((c) => (c.equal ? '✓' : '✗'))
              .join(' ')
          : '—',
    ],
    ['seed: elders’ events projected/s (lag 0)', '—', (s) => n(s.seed?.projection.elders.eventsPerSec)],
    ['seed: visits projected/s (lag 0)', '—', (s) => n(s.seed?.projection.visits.eventsPerSec)],
    [
      'rebuild: messages replayed/s (÷ raw upsert)',
      `≥ ${TARGETS.rebuildShareOfUpsert * 100} % of raw upsert`,
      (s) => {
        const p = pct(s.rebuild?.eventsPerSec, s.raw?.upsert.opsPerSec);
        return s.rebuild
          ? `${n(s.rebuild.eventsPerSec)} (${p} %)${mark(p >= TARGETS.rebuildShareOfUpsert * 100)}`
          : '—';
      },
    ],
    ...services.map((name) => [
      `memory ${name}: peak RSS under load / VmHWM MiB`,
      `≤ ${TARGETS.rssMiB}`,
      (s) => {
        const m = s.ingest?.memory[name];
        return m ? `${n(m.peakRssMiB)} / ${n(m.hwmMiB)}${mark(m.peakRssMiB <= TARGETS.rssMiB)}` : '—';
      },
    ]),
  ];
}

export function markdown(out) {
  const sizes = Object.keys(out.sizes);
  const results = sizes.map((k) => out.sizes[k]);
  const services = [...new Set(results.flatMap((s) => Object.keys(s.ingest?.memory ?? {})))];
  const queries = [...new Set(results.flatMap((s) => Object.keys(s.reports?.queries ?? {})))];
  const lines = [
    `| figure | target | ${sizes.map((k) => `${n(Number(k))} elders`).join(' | ')} |`,
    `| --- | --- | ${sizes.map(() => '---:').join(' | ')} |`,
    ...rows(services, queries).map(
      ([figure, target, cell]) => `| ${figure} | ${target} | ${results.map((s) => cell(s)).join(' | ')} |`,
    ),
  ];
  const errors = sizes.filter((k) => out.sizes[k].error).map((k) => `${k}: ${out.sizes[k].error}`);
  return [...lines, ...(errors.length ? ['', `Failed: ${errors.join('; ')}`] : [])].join('\n');
}

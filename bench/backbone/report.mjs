// Verdicts against the issue's targets and the Markdown tables that
// bench/README.md carries.

export const TARGETS = {
  endToEndEventsPerSec: 500,
  freshnessP99Ms: 2000,
  /** "Flat": the largest size keeps at least this share of the smallest size's rate. */
  flatShare: 0.75,
};

const done = (rows) => rows.filter((r) => !r.error);

/** Rates should not fall as the data grows; latencies (`lowerIsBetter`) should not rise. */
function flatness(rows, pick, lowerIsBetter = false) {
  const rates = done(rows)
    .map(pick)
    .filter((x) => typeof x === 'number');
  if (rates.length < 2) return null;
  const ratio = lowerIsBetter ? rates[0] / rates.at(-1) : rates.at(-1) / rates[0];
  const share = Math.round(ratio * 100) / 100;
  return { smallest: rates[0], largest: rates.at(-1), share, flat: share >= TARGETS.flatShare };
}

export function verdicts(rows) {
  const ok = done(rows);
  return {
    endToEndAtLeast500PerSec:
      ok.length > 0 && ok.every((r) => r.endToEnd?.eventsPerSec >= TARGETS.endToEndEventsPerSec),
    freshnessP99Under2s:
      ok.length > 0 &&
      ok.every(
        (r) =>
          r.freshness?.applied === r.freshness?.events && r.freshness.latencyMs?.p99 < TARGETS.freshnessP99Ms,
      ),
    flat: {
      relay: flatness(rows, (r) => r.relay?.eventsPerSec),
      consumer: flatness(rows, (r) => r.consumer?.eventsPerSec),
      endToEnd: flatness(rows, (r) => r.endToEnd?.eventsPerSec),
      freshnessP99Ms: flatness(rows, (r) => r.freshness?.latencyMs?.p99, true),
    },
  };
}

const n = (x) => (typeof x === 'number' ? x.toLocaleString('en') : '—');
const mark = (ok) => (ok ? '✓' : '✗');

export function markdown(rows) {
  const lines = [
    '| Docs | store insertMany docs/s | store updateOne({_id}) p50 / p99 ms | broker sendBatch msgs/s | outbox write events/s | relay events/s | consumer events/s | end to end events/s (≥ 500) | freshness p50 / p99 ms at 100/s (p99 < 2,000) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const e2e = r.endToEnd?.eventsPerSec;
    const f = r.freshness;
    const fresh = f?.latencyMs
      ? `${n(f.latencyMs.p50)} / ${n(f.latencyMs.p99)} ${mark(f.applied === f.events && f.latencyMs.p99 < TARGETS.freshnessP99Ms)}${f.applied < f.events ? ` (${f.events - f.applied} not applied)` : ''}`
      : '—';
    lines.push(
      `| ${n(r.size)} | ${n(r.store?.insertManyDocsPerSec)} | ${r.store?.updateById ? `${r.store.updateById.p50} / ${r.store.updateById.p99}` : '—'} | ${n(r.broker?.messagesPerSec)} | ${n(r.relay?.outboxWriteEventsPerSec)} | ${n(r.relay?.eventsPerSec)} | ${n(r.consumer?.eventsPerSec)} | ${typeof e2e === 'number' ? `${n(e2e)} ${mark(e2e >= TARGETS.endToEndEventsPerSec)}` : '—'} | ${fresh} |`,
    );
    if (r.error) lines.push(`| ${n(r.size)} | stopped: ${r.error} | | | | | | | |`);
  }
  return lines.join('\n');
}

/** Where each phase's wall time went: the largest buckets, as a share of the phase's wall time. */
export function breakdown(rows) {
  const lines = [
    '| Docs | phase | wall ms | bench CPU | where the time goes (share of wall: calls × ms/call) |',
    '| ---: | --- | ---: | ---: | --- |',
  ];
  for (const r of rows)
    for (const phase of ['relay', 'consumer', 'endToEnd', 'freshness']) {
      const p = r[phase];
      if (!p?.ops) continue;
      const top = Object.entries(p.ops)
        .slice(0, 5)
        .map(([k, b]) => `${k} ${Math.round((b.totalMs / p.wallMs) * 100)} % (${b.calls} × ${b.msPerCall})`)
        .join('; ');
      lines.push(`| ${n(r.size)} | ${phase} | ${n(p.wallMs)} | ${p.benchProcessCpuPct} % | ${top} |`);
    }
  return lines.join('\n');
}

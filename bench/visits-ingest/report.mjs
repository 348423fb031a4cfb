// The verdict against the issue's target, the slowest stage, and the Markdown
// table that bench/README.md carries.

export const TARGET_SHARE = 0.5; // end to end ≥ 50 % of the lower raw rate

const n = (x) => (typeof x === 'number' ? x.toLocaleString('en') : '—');
const pctOf = (a, b) => (typeof a === 'number' && b ? Math.round((a / b) * 100) : null);

/**
 * Per-stage rates of the gateway phase and which one bounds the path. The relay
 * "kept up" when, by the end of the measured window, it had published at least
 * 90 % of what was accepted in it; then its own ceiling is not seen, only that
 * it is above the accept rate.
 */
export function stages({ gateway, direct, raw }) {
  const accept = gateway.http.acceptedVisitsPerSec;
  const relay = gateway.kafka;
  const keptUp = relay.publishedDuringWindow >= 0.9 * gateway.http.accepted;
  const relayRate = keptUp ? null : relay.publishedPerSecDuringWindow;
  const rawLow = Math.min(raw.insertMany.docsPerSec, raw.sendBatch.messagesPerSec);
  const rawLowName =
    raw.insertMany.docsPerSec <= raw.sendBatch.messagesPerSec ? 'store insertMany' : 'kafkajs sendBatch';
  const list = [
    { stage: 'HTTP accept via gateway (gateway → centres → store)', perSec: accept },
    ...(direct
      ? [{ stage: 'HTTP accept direct to centres (no gateway)', perSec: direct.http.acceptedVisitsPerSec }]
      : []),
    {
      stage: 'relay publish (outbox → Kafka) under load',
      perSec: relay.publishedPerSecDuringWindow,
      keptUp,
    },
    ...(relay.drain?.perSec ? [{ stage: 'relay drain after the load', perSec: relay.drain.perSec }] : []),
    { stage: 'raw store insertMany (visits indexes)', perSec: raw.insertMany.docsPerSec },
    { stage: 'raw store relay-style clear, docs', perSec: raw.clears?.perSec },
    { stage: 'raw store read-model findOne({_id})', perSec: raw.lookups?.perSec },
    { stage: 'raw store insertMany (_id only)', perSec: raw.insertManyPlain?.docsPerSec },
    {
      stage: `raw kafkajs sendBatch (${raw.sendBatch.concurrency} producers)`,
      perSec: raw.sendBatch.messagesPerSec,
    },
    {
      stage: 'raw kafkajs sendBatch (1 producer, the relay’s shape)',
      perSec: raw.sendBatchOne?.messagesPerSec,
    },
  ].filter((s) => typeof s.perSec === 'number');

  // The path's bound: the relay if it fell behind, else accepting over HTTP; within HTTP, the gateway hop
  // if going direct is clearly faster (> 25 %), else the centres service and its store.
  let slowest;
  if (relayRate !== null && relayRate < accept)
    slowest = `relay publish (${n(relayRate)} visits/s under load${
      relay.drain?.perSec ? `, ${n(relay.drain.perSec)} draining after it` : ''
    }, against ${n(accept)} accepted/s)`;
  else if (direct && direct.http.acceptedVisitsPerSec > 1.25 * accept)
    slowest = `the gateway hop (${n(accept)} visits/s through it, ${n(direct.http.acceptedVisitsPerSec)} direct to centres)`;
  else
    slowest = `HTTP accept in the centres service (${n(accept)} visits/s via the gateway${
      direct ? `, ${n(direct.http.acceptedVisitsPerSec)} direct` : ''
    }; the relay kept up)`;

  const e2e = relay.endToEndPerSec;
  const share = pctOf(e2e, rawLow);
  return {
    list,
    slowest,
    endToEndVisitsPerSec: e2e,
    lowerRaw: { name: rawLowName, perSec: rawLow },
    endToEndShareOfLowerRawPct: share,
    targetMet: typeof share === 'number' && share >= TARGET_SHARE * 100,
  };
}

export function markdown(out) {
  const g = out.gateway;
  const v = out.verdict;
  const lines = [
    `| figure | value |`,
    `| --- | ---: |`,
    `| accepted visits/s (HTTP, via gateway, ${out.settings.concurrency} connections × ${out.settings.batch} visits) | ${n(g.http.acceptedVisitsPerSec)} |`,
    `| requests/s | ${n(g.http.requestsPerSec)} |`,
    `| request latency p50 / p99 ms | ${n(g.http.latencyMs?.p50)} / ${n(g.http.latencyMs?.p99)} |`,
    `| published visits/s (measure start → last accepted visit on Kafka) | ${n(g.kafka.endToEndPerSec)}${g.kafka.drained ? '' : ' (not drained)'} |`,
    `| published visits/s during the load window | ${n(g.kafka.publishedPerSecDuringWindow)} |`,
    `| Kafka lag at the end of the load: visits / s to drain | ${n(g.kafka.backlogAtEnd)} / ${n(g.kafka.drain?.secs)} |`,
  ];
  if (out.direct)
    lines.push(
      `| accepted visits/s direct to centres (no gateway) | ${n(out.direct.http.acceptedVisitsPerSec)} (p50 / p99 ${n(out.direct.http.latencyMs?.p50)} / ${n(out.direct.http.latencyMs?.p99)} ms) |`,
    );
  lines.push(
    `| raw store insertMany docs/s (visits' indexes; _id only) | ${n(out.raw.insertMany.docsPerSec)}; ${n(out.raw.insertManyPlain?.docsPerSec)} |`,
    `| raw store per-visit statements/s: relay clear; read-model findOne({_id}) | ${n(out.raw.clears?.perSec)}; ${n(out.raw.lookups?.perSec)} |`,
    `| raw store relay pass read, find 200 of ${n(out.raw.pendingFind?.pending)} pending, p50 / p99 ms | ${n(out.raw.pendingFind?.p50)} / ${n(out.raw.pendingFind?.p99)} |`,
    `| raw kafkajs sendBatch msgs/s (${out.raw.sendBatch.concurrency} producers; 1 producer) | ${n(out.raw.sendBatch.messagesPerSec)}; ${n(out.raw.sendBatchOne?.messagesPerSec)} |`,
    `| end to end ÷ lower raw rate (${v.lowerRaw.name}, ${n(v.lowerRaw.perSec)}/s), target ≥ ${TARGET_SHARE * 100} % | ${n(v.endToEndShareOfLowerRawPct)} % ${v.targetMet ? '✓' : '✗'} |`,
  );
  return lines.join('\n');
}

export function cpuTable(phases) {
  const groups = [...new Set(phases.flatMap(([, cpu]) => Object.keys(cpu ?? {})))];
  const lines = [
    `| phase | ${groups.join(' | ')} |`,
    `| --- | ${groups.map(() => '---:').join(' | ')} |`,
    ...phases.map(([name, cpu]) => `| ${name} | ${groups.map((g) => `${cpu?.[g] ?? 0} %`).join(' | ')} |`),
  ];
  return lines.join('\n');
}

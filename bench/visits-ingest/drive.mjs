// The load: realistic batches of visits POSTed by `concurrency` keep-alive
// connections, each request as one centre with that centre's own client
// token (round-robin over the centres), for a warm-up and then a measured
// window; and a watcher of the centres topic's end offsets, which says when the
// accepted visits reached Kafka (the relay is part of the path).
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { topicOffsets } from '#anlao/messaging';
import { round, summarize } from '../lib/bench-kit.mjs';

export const ACTIVITIES = ['meal', 'rehabilitation', 'recreation', 'health-check', 'training', 'day-care'];
const HOUR = 3_600_000;

/**
 * A centre's batch as its sign-in sheets arrive: unique visit ids, residents
 * drawn at random from `residentIds` (the centre's clientele), mixed activities; 80 % closed stays (check-in
 * 5–53 h ago, 20 min – 4 h long), 20 % still open (checked in in the last 3 h).
 */
export function visitBatch(size, idOf, residentIds, now = Date.now()) {
  const visits = [];
  for (let k = 0; k < size; k++) {
    const residentId = residentIds[Math.floor(Math.random() * residentIds.length)];
    const activity = ACTIVITIES[Math.floor(Math.random() * ACTIVITIES.length)];
    if (Math.random() < 0.8) {
      const checkIn = now - 5 * HOUR - Math.floor(Math.random() * 48 * HOUR);
      const checkOut = checkIn + 20 * 60_000 + Math.floor(Math.random() * 220 * 60_000);
      visits.push({
        visitId: idOf(k),
        residentId,
        activity,
        checkInAt: new Date(checkIn).toISOString(),
        checkOutAt: new Date(checkOut).toISOString(),
      });
    } else {
      const checkIn = now - Math.floor(Math.random() * 3 * HOUR);
      visits.push({ visitId: idOf(k), residentId, activity, checkInAt: new Date(checkIn).toISOString() });
    }
  }
  return visits;
}

function post(agent, url, token, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Drives `pathOf(centreId)` on `base` for `warmupSec` + `durationSec`, each of
 * `concurrency` connections sending one request after the other (closed loop),
 * each request as the next centre with its own token and a batch drawn from
 * that centre's clientele (`clienteleOf(centre)`). The measured window is
 * [end of warm-up, end of load]: a request counts for the share of its own
 * time that falls inside the window (its accepted visits × overlap / its
 * duration), so the long requests that straddle either edge neither inflate
 * nor deflate the rate. Latencies are those of the requests that ended inside
 * the window, each connection's first request excepted (connection set-up).
 * `onMeasureStart()` and `onMeasureEnd()` run at the window's edges.
 */
export async function drive({
  base,
  pathOf,
  centres,
  clienteleOf,
  runTag,
  batch,
  concurrency,
  warmupSec,
  durationSec,
  onMeasureStart = async () => {},
  onMeasureEnd = async () => {},
}) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const t0 = performance.now();
  const measureAt = t0 + warmupSec * 1000;
  const endAt = measureAt + durationSec * 1000;
  const edges = [
    sleep(measureAt - performance.now()).then(onMeasureStart),
    sleep(endAt - performance.now()).then(onMeasureEnd),
  ];
  const all = { requests: 0, recorded: 0 };
  const m = { accepted: 0, items: 0, requests: 0, statuses: {}, rejected: {}, httpErrors: {}, latencies: [] };
  let seq = 0;
  const workers = Array.from({ length: concurrency }, async (_, w) => {
    for (let k = 0; performance.now() < endAt; k++) {
      const centre = centres[(w + k * concurrency) % centres.length];
      const n = seq++;
      const visits = visitBatch(batch, (i) => `${runTag}-${n}-${i}`, clienteleOf(centre));
      const body = JSON.stringify({ visits });
      const start = performance.now();
      const res = await post(agent, `${base}${pathOf(centre.centreId)}`, centre.token, body);
      const end = performance.now();
      const share = Math.max(0, Math.min(end, endAt) - Math.max(start, measureAt)) / (end - start);
      let json;
      if (res.status === 200 || res.status === 201) json = JSON.parse(res.text);
      all.requests++;
      all.recorded += json?.recorded ?? 0;
      if (share === 0) continue;
      m.requests += share;
      m.items += share * visits.length;
      m.accepted += share * (json?.recorded ?? 0);
      if (json)
        for (const r of json.results) {
          m.statuses[r.status] = (m.statuses[r.status] ?? 0) + share;
          if (r.status === 'rejected') m.rejected[r.code] = (m.rejected[r.code] ?? 0) + share;
        }
      else m.httpErrors[res.status] = (m.httpErrors[res.status] ?? 0) + share;
      if (k > 0 && end >= measureAt && end <= endAt) m.latencies.push(end - start);
    }
  });
  await Promise.all(workers);
  const [atStart, atEnd] = await Promise.all(edges);
  agent.destroy();
  const whole = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));
  return {
    windowSec: durationSec,
    requests: round(m.requests, 1),
    requestsPerSec: round(m.requests / durationSec, 2),
    accepted: Math.round(m.accepted),
    acceptedVisitsPerSec: Math.round(m.accepted / durationSec),
    statuses: whole(m.statuses),
    rejected: whole(m.rejected),
    httpErrors: whole(m.httpErrors),
    latencyMs: summarize(m.latencies),
    requestBytes: Buffer.byteLength(
      JSON.stringify({ visits: visitBatch(batch, (i) => `${runTag}-000000-${i}`, clienteleOf(centres[0])) }),
    ),
    // Everything this phase recorded, warm-up and tail included: what the relay must publish.
    recordedInPhase: all.recorded,
    requestsInPhase: all.requests,
    atStart,
    atEnd,
  };
}

/**
 * The sum of a topic's end offsets, sampled every `everyMs` from `start()` on:
 * `now()` samples at once; `until(n, timeoutMs)` resolves with the sample time
 * at which the sum first reached `n` (or null on timeout).
 */
export function offsetWatcher(kafka, topic, everyMs = 200) {
  const admin = kafka.admin();
  const samples = [];
  let running = false;
  let loop;
  const read = async () => {
    const parts = await topicOffsets(admin, topic);
    const n = Number(parts.reduce((s, p) => s + p.high, 0n));
    const sample = { t: performance.now(), n };
    samples.push(sample);
    return sample;
  };
  return {
    samples,
    async start() {
      await admin.connect();
      running = true;
      const first = await read();
      loop = (async () => {
        while (running) {
          await sleep(everyMs);
          if (running) await read().catch(() => undefined);
        }
      })();
      return first;
    },
    now: read,
    async until(n, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        const hit = samples.find((s) => s.n >= n);
        if (hit) return hit;
        await sleep(everyMs);
      }
      return null;
    },
    async stop() {
      running = false;
      await loop;
      await admin.disconnect();
    },
  };
}

/**
 * A visit as RecordVisitsUseCase stores it — since ADR 0024 without a pending event of its own (the
 * request's intent carries it) but with its `batchId` — and the event it emits: the raw insertMany's
 * documents and the raw sendBatch's messages.
 */
export function visitLike({ createEvent, withEvents, localDay }, i, centreIds, residentIds, runTag) {
  const centreId = centreIds[i % centreIds.length];
  const [v] = visitBatch(1, () => `${runTag}-${i}`, residentIds);
  const _id = `${centreId}:${v.visitId}`;
  const checkInAt = new Date(v.checkInAt);
  const checkOutAt = v.checkOutAt ? new Date(v.checkOutAt) : null;
  const event = createEvent({
    type: 'visit.recorded',
    source: 'centres',
    subject: _id,
    orgUnit: '2101.210102.210102001.210102001001',
    correlationId: 'req-1a2b3c',
    payload: { ...v, centreId, checkOutAt: v.checkOutAt ?? null },
  });
  const doc = {
    _id,
    centreId,
    day: localDay(checkInAt, 'Asia/Shanghai'),
    batchId: `${centreId}:${runTag}-batch-${Math.floor(i / 200)}`,
    voidedAt: null,
    voidReason: null,
    voidNote: null,
    voidedBy: null,
    visitId: v.visitId,
    residentId: v.residentId,
    activity: v.activity,
    checkInAt,
    checkOutAt,
    fingerprint: createHash('sha256').update(`${_id}|${v.checkInAt}`).digest('base64url'),
    receivedAt: new Date(),
    ...withEvents([]),
  };
  return { doc, event };
}

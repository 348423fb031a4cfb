// The backbone itself, through the platform's public API (dist/): events
// written with their state change (withEvents), published and cleared by the
// OutboxRelay, applied by an EventConsumer (its inbox only with --consumer-inbox) and a batch projection
// handler folding each run into one guarded `_id` upsert per centre-day, as analytics does.
import { performance } from 'node:perf_hooks';
import { Topics } from '#anlao/events';
import { inParallel } from '#anlao/platform';
import { EventConsumer, OutboxRelay } from '#anlao/messaging';
import { round, summarize } from '../lib/bench-kit.mjs';
import { CONSUMER_GROUP, logger, visitWithEvent } from './fixture.mjs';
import { RELAY_BATCH } from './raw-stages.mjs';

const POLL_MS = 500; // OUTBOX_POLL_MS default
const WRITE_BATCH = 20; // visits per write: one centre's POST
const MAX_WRITES_IN_FLIGHT = 32; // freshness: writers at once when the store lags behind the schedule

export class PhaseTimeout extends Error {}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(check, timeoutMs, what) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline)
      throw new PhaseTimeout(`${what}: not done within ${timeoutMs / 1000} s`);
    await sleep(10);
  }
}

/** Wall time, the bench process's own CPU share, and the timer's buckets since `begin`. */
function meter(timer, t0 = performance.now()) {
  timer.reset();
  const cpu0 = process.cpuUsage();
  return (t1 = performance.now()) => {
    const cpu = process.cpuUsage(cpu0);
    return {
      wallMs: Math.round(t1 - t0),
      benchProcessCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / (t1 - t0)) * 100),
      ops: timer.snapshot(),
    };
  };
}

/** Writes `n` visits with their events in batches (insertMany with the outbox fields). */
async function writeVisits(stores, n, tag, after = () => {}) {
  const ids = [];
  for (let i = 0; i < n; i += WRITE_BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(n, i + WRITE_BATCH); j++) docs.push(visitWithEvent(j, tag));
    await stores.visits.insertMany(docs, { ordered: false, lean: true });
    for (const d of docs) ids.push(d.pendingEvents[0].id);
    after();
  }
  return ids;
}

/** Applied time per event id, from the projection handler. */
export class Applied {
  at = new Map();
  duplicates = 0;
  firstStart = null;

  /** The inbox, noting when the consumer first reads it: a batch's work starts there, before any handler. */
  watchInbox(inbox) {
    return new Proxy(inbox, {
      get: (target, prop) => {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        return (...args) => {
          this.firstStart ??= performance.now();
          return value.apply(target, args);
        };
      },
    });
  }

  /**
   * Like analytics' projection: a consumer batch is folded into one write per
   * centre-day, guarded by the event ids the day already holds (so each counts once).
   */
  batchHandler(stores) {
    return async (events) => {
      this.firstStart ??= performance.now();
      const days = new Map();
      for (const event of events) {
        const { centreId, checkInAt } = event.payload;
        const day = checkInAt.slice(0, 10);
        const key = `${centreId}:${day}`;
        const fold = days.get(key) ?? { centreId, day, ids: [] };
        fold.ids.push(event.id);
        days.set(key, fold);
      }
      const countAll = async (key, { centreId, day }, ids) => {
        try {
          await stores.daily.updateOne(
            { _id: key, eventIds: { $nin: ids } },
            {
              $inc: { visits: ids.length },
              $push: { eventIds: { $each: ids } },
              $setOnInsert: { centreId, day },
            },
            { upsert: true },
          );
        } catch (error) {
          if (error?.code !== 11000) throw error;
          if (ids.length > 1) for (const id of ids) await countAll(key, { centreId, day }, [id]);
        }
      };
      await inParallel([...days.entries()], 4, ([key, fold]) => countAll(key, fold, fold.ids));
      const now = performance.now();
      for (const event of events) {
        if (this.at.has(event.id)) this.duplicates++;
        else this.at.set(event.id, now);
      }
    };
  }

  all(ids) {
    return ids.every((id) => this.at.has(id));
  }
}

/** The relay's publish-and-clear rate for `n` pending events written beforehand. */
export async function relayDrain(stores, producer, n, tag, { timeoutMs, say }) {
  const tw = performance.now();
  const ids = await writeVisits(stores, n, tag);
  const writeSecs = (performance.now() - tw) / 1000;
  const relay = new OutboxRelay([stores.visits], producer, logger, POLL_MS, RELAY_BATCH);
  const done = meter(stores.timer);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new PhaseTimeout(`relay drain of ${n} events: not done within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  const { published } = await Promise.race([relay.drain(), timeout]).finally(() => clearTimeout(timer));
  const m = done();
  const left = await stores.visits.findOne({ hasPendingEvents: true }, { _id: 1 }).lean();
  const r = {
    events: n,
    published,
    stillPending: left !== null,
    outboxWriteEventsPerSec: Math.round(n / writeSecs),
    eventsPerSec: Math.round(published / (m.wallMs / 1000)),
    ...m,
  };
  say(`  relay: ${r.eventsPerSec} events/s published and cleared (${published} in ${m.wallMs} ms)`);
  return { result: r, ids };
}

/** Starts the projection consumer and measures how fast it applies the backlog of `ids`. */
export async function consumerBacklog(stores, broker, topicPrefix, ids, { timeoutMs, say, inbox: useInbox }) {
  const applied = new Applied();
  const inbox = applied.watchInbox(stores.inbox);
  const consumer = new EventConsumer(broker.kafka, broker.producer, inbox, topicPrefix, logger, {
    groupId: CONSUMER_GROUP,
    topics: [Topics.centres],
    handlers: {},
    batchHandlers: { 'visit.recorded': applied.batchHandler(stores) },
    inbox: useInbox,
  });
  const t0 = performance.now();
  await consumer.start();
  await until(() => applied.firstStart !== null, timeoutMs, 'consumer join');
  const done = meter(stores.timer, applied.firstStart);
  const joinMs = Math.round(applied.firstStart - t0);
  await until(() => applied.all(ids), timeoutMs, `consumer apply of ${ids.length} events`);
  const last = Math.max(...ids.map((id) => applied.at.get(id)));
  const m = done(last);
  const r = {
    events: ids.length,
    joinMs,
    eventsPerSec: Math.round(ids.length / (m.wallMs / 1000)),
    duplicatesApplied: applied.duplicates,
    ...m,
  };
  say(`  consumer: ${r.eventsPerSec} events/s applied (${ids.length} in ${m.wallMs} ms; join ${joinMs} ms)`);
  return { consumer, applied, result: r };
}

/** Write with outbox → relay → Kafka → consumer applied, as fast as the writer goes. */
export async function endToEnd(stores, relay, applied, n, tag, { timeoutMs, say }) {
  const done = meter(stores.timer);
  const t0 = performance.now();
  const ids = await writeVisits(stores, n, tag, () => relay.notify());
  const writeMs = performance.now() - t0;
  await until(() => applied.all(ids), timeoutMs, `end to end of ${n} events`);
  const m = done(Math.max(...ids.map((id) => applied.at.get(id))));
  const r = {
    events: n,
    writerEventsPerSec: Math.round(n / (writeMs / 1000)),
    eventsPerSec: Math.round(n / (m.wallMs / 1000)),
    ...m,
  };
  say(`  end to end: ${r.eventsPerSec} events/s (${n} in ${m.wallMs} ms; writer ${r.writerEventsPerSec}/s)`);
  return r;
}

/**
 * `rate` events/s for `secs`, one per write, each write started on schedule
 * whether or not the previous one is done (independent callers, as HTTP
 * requests are): applied − written (acknowledged) per event.
 */
export async function freshness(stores, relay, applied, { rate, secs, drainMs, say }) {
  const done = meter(stores.timer);
  const written = new Map();
  const writeLatency = [];
  const inFlight = new Set();
  const total = rate * secs;
  const t0 = performance.now();
  const write = async (i) => {
    const doc = visitWithEvent(i, `fresh-${Math.round(t0)}`);
    const s = performance.now();
    await stores.visits.insertMany([doc], { ordered: false, lean: true });
    written.set(doc.pendingEvents[0].id, performance.now());
    writeLatency.push(performance.now() - s);
    relay.notify();
  };
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const p = write(i).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= MAX_WRITES_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const writeSecs = (performance.now() - t0) / 1000;
  const ids = [...written.keys()];
  await until(() => applied.all(ids), drainMs, 'freshness drain').catch((e) => {
    if (!(e instanceof PhaseTimeout)) throw e;
  });
  const lag = ids
    .filter((id) => applied.at.has(id))
    .map((id) => Math.max(0, applied.at.get(id) - written.get(id)));
  const m = done();
  const r = {
    targetRatePerSec: rate,
    achievedRatePerSec: round(total / writeSecs, 1),
    events: total,
    applied: lag.length,
    notAppliedWithinMs: lag.length < total ? drainMs : undefined,
    latencyMs: summarize(lag),
    writeLatencyMs: summarize(writeLatency),
    ...m,
  };
  say(
    `  freshness at ${r.achievedRatePerSec}/s: p50 ${r.latencyMs?.p50} ms, p99 ${r.latencyMs?.p99} ms (${lag.length}/${total} applied)`,
  );
  return r;
}

/** A relay running as in a service: polling, and notified after each write. */
export function runningRelay(stores, producer) {
  const relay = new OutboxRelay([stores.visits], producer, logger, POLL_MS, RELAY_BATCH);
  relay.start();
  return relay;
}

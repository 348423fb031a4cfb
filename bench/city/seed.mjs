// Seeding the city fast and honestly, through the services' own events: org units, elders (with
// their assessments and deaths) and past visits are published as the residents and centres services
// publish them (kafkaMessage: same key, encoding and headers) with kafkajs sendBatch into the
// namespace's topics; centres are registered through the API (the centres service publishes them).
// Then it waits until analytics (and centres' residents read model) have consumed everything —
// consumer-group lag 0 — and reports the projection rate. The naive reports' raw records are
// written into `<prefix>naive` with the indexes their owning services keep.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners } from 'kafkajs';
import { Topics, topicName } from '#anlao/events';
import { topicOffsets } from '#anlao/messaging';
import { round } from '../lib/bench-kit.mjs';
import { kafkaMessage } from '../lib/raw-rates.mjs';

const SEND_BATCH = 500;
const IN_FLIGHT = 4;
/**
 * Documents per insertMany and such calls in flight: the shared docstore's rule for every bulk write
 * (at most 24 statements, docs/adr/0013) and few calls at once (its pool serves the services too).
 */
export const STORE_BULK = 24;
const STORE_IN_FLIGHT = 4;

/** Who must have read what before the city counts as seeded (groups without the namespace prefix). */
export const CONSUMERS = {
  [Topics.residents]: ['analytics.coverage', 'analytics.accessibility', 'centres.residents-read-model'],
  [Topics.centres]: [
    'analytics.coverage',
    'analytics.accessibility',
    'analytics.centre-visits',
    'analytics.centre-directory',
  ],
};

/** Publishes `count` events (`eventsAt(i)` gives an array) to `topic`, IN_FLIGHT sendBatch calls at once. */
export async function publish(kafka, topic, count, eventsAt) {
  const producers = Array.from({ length: IN_FLIGHT }, () =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    }),
  );
  await Promise.all(producers.map((p) => p.connect()));
  const t0 = performance.now();
  let next = 0;
  let events = 0;
  try {
    await Promise.all(
      producers.map(async (producer) => {
        while (next < count) {
          const start = next;
          next = Math.min(count, next + SEND_BATCH);
          const messages = [];
          for (let i = start; i < next; i++) for (const e of eventsAt(i)) messages.push(kafkaMessage(e));
          events += messages.length;
          await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
        }
      }),
    );
  } finally {
    await Promise.all(producers.map((p) => p.disconnect()));
  }
  const secs = (performance.now() - t0) / 1000;
  return { events, secs: round(secs, 1), eventsPerSec: Math.round(events / secs) };
}

/** Messages the namespace's `CONSUMERS` have still to read, per group and in all. */
export async function lag(admin, prefix) {
  const perGroup = {};
  let total = 0;
  for (const [topic, groups] of Object.entries(CONSUMERS)) {
    const name = topicName(topic, prefix);
    const ends = await topicOffsets(admin, name);
    for (const group of groups) {
      const [committed] = await admin.fetchOffsets({ groupId: `${prefix}${group}`, topics: [name] });
      const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      let behind = 0n;
      for (const { partition, low, high } of ends) {
        const at = done.get(partition) ?? -1n;
        behind += high - (at < low ? low : at);
      }
      perGroup[group] = (perGroup[group] ?? 0) + Number(behind);
      total += Number(behind);
    }
  }
  return { total, perGroup };
}

/**
 * Waits until every consumer has read everything (lag 0), polling every second; returns the seconds
 * and the rate at which `events` were consumed, and each group's seconds to its own 0. `check`, if
 * given, is called with the lag every 30 s and may throw to give up early.
 */
export async function waitConsumed(admin, prefix, { events, timeoutMs, say, check }) {
  const t0 = performance.now();
  const doneAt = {};
  let last = 0;
  for (;;) {
    const { total, perGroup } = await lag(admin, prefix);
    const secs = (performance.now() - t0) / 1000;
    for (const [g, behind] of Object.entries(perGroup)) if (behind === 0) doneAt[g] ??= round(secs, 1);
    if (total === 0) {
      const r = {
        events,
        secs: round(secs, 1),
        eventsPerSec: Math.round(events / Math.max(secs, 0.001)),
        groupSecs: doneAt,
      };
      say(
        `  consumed ${events} events in ${r.secs} s: ${r.eventsPerSec} events/s (${JSON.stringify(doneAt)})`,
      );
      return r;
    }
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`consumers still ${total} behind after ${round(secs)} s: ${JSON.stringify(perGroup)}`);
    if (secs - last >= 30) {
      last = secs;
      say(`  … ${round(secs)} s, ${total} behind: ${JSON.stringify(perGroup)}`);
      await check?.({ total, perGroup }); // may throw: a consumer that will never get there
    }
    await sleep(1000);
  }
}

/** Writes the raw records of `n` items (`recordAt(i)`) with insertMany of STORE_BULK, STORE_IN_FLIGHT in flight: docs/s. */
export async function insertRecords(collection, n, recordAt) {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: STORE_IN_FLIGHT }, async () => {
      while (next < n) {
        const start = next;
        next = Math.min(n, next + STORE_BULK);
        const docs = [];
        for (let i = start; i < next; i++) docs.push(recordAt(i));
        await collection.insertMany(docs, { ordered: false });
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { docs: n, secs: round(secs, 1), docsPerSec: Math.round(n / secs) };
}

/** The naive reports' raw records: elders as residents keeps them, visits as centres stores them. */
export async function seedNaive(db, city, say) {
  const residents = db.collection('residents');
  const visits = db.collection('visits');
  const centres = db.collection('centres');
  await residents.createIndex({ communityPath: 1 });
  // centres' own indexes on visits (visit.schema.ts), and a day index a naive report would want
  await visits.createIndex({ centreId: 1, day: 1 });
  await visits.createIndex({ residentId: 1 });
  await visits.createIndex({ day: 1 });
  await centres.createIndex({ communityPath: 1 });
  await sleep(2500); // the docstore's twin maintainer polls every 0.75 s
  await insertRecords(centres, city.centres.length, (k) => ({
    _id: city.centres[k].centreId,
    ...city.centres[k],
    active: true,
  }));
  const r = { residents: await insertRecords(residents, city.size, city.elderRecord) };
  r.visits = await insertRecords(visits, city.nVisits, city.visitRecord);
  say(
    `  naive copy: ${city.size} elders at ${r.residents.docsPerSec}/s, ${city.nVisits} visits at ${r.visits.docsPerSec}/s`,
  );
  return r;
}

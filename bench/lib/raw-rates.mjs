// The ceilings a pipeline is compared with, measured against the same local
// infrastructure in the same run: the broker's raw `sendBatch` and the store's
// raw `insertMany`, with the pipeline's batch size, message or document size
// and concurrency. What is sent is built ahead of the clock (a pool of distinct
// batches, reused; documents get a fresh `_id` per use): the figures are the
// broker's / store's and their client's, not event or document construction.
import { performance } from 'node:perf_hooks';
import { Partitioners } from 'kafkajs';
import { encodeEvent } from '#anlao/events';
import { EventHeaders } from '#anlao/messaging';
import { round } from './bench-kit.mjs';

/** An event as EventProducer sends it: key = subject, the encoded envelope, the platform's headers. */
export function kafkaMessage(event) {
  return {
    key: event.subject,
    value: encodeEvent(event),
    headers: {
      [EventHeaders.id]: event.id,
      [EventHeaders.type]: event.type,
      [EventHeaders.version]: String(event.version),
      [EventHeaders.correlationId]: event.correlationId,
    },
  };
}

/**
 * Runs `concurrency` workers, each calling `work(worker, k)` (k counts calls
 * across workers; it returns the items done, 0 when there is nothing left)
 * one after the other until `budgetMs` has passed (at least one call per
 * worker) or `maxCalls` calls were made. Returns items, seconds, items/s.
 */
export async function timedCalls(concurrency, budgetMs, work, maxCalls = Infinity) {
  let next = 0;
  let items = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let calls = 0; next < maxCalls; calls++) {
        if (calls > 0 && performance.now() - t0 > budgetMs) break;
        const done = await work(worker, next++);
        if (!done) break;
        items += done;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { items, secs, perSec: Math.round(items / secs) };
}

/**
 * Plain kafkajs producers configured like EventProducer (idempotent, one
 * request in flight, acks from all replicas), `concurrency` of them, each
 * sending `messageAt(i)` messages in batches of `batch` to `topic` (created
 * with `partitions`): what publishing costs without a relay around it.
 */
export async function rawSendBatch(
  kafka,
  topic,
  {
    messageAt,
    batch = 200,
    concurrency = 1,
    partitions = 3,
    messages = 10_000,
    budgetMs = 30_000,
    poolBatches = 64,
    label = 'broker sendBatch',
    say = () => {},
  },
) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
  const producers = Array.from({ length: concurrency }, () =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    }),
  );
  try {
    await Promise.all(producers.map((p) => p.connect()));
    const nBatches = Math.ceil(messages / batch);
    const batches = Array.from({ length: Math.min(nBatches, poolBatches) + concurrency }, (_, b) =>
      Array.from({ length: batch }, (_, k) => messageAt(b * batch + k)),
    );
    const send = (worker, msgs) =>
      producers[worker].sendBatch({ acks: -1, topicMessages: [{ topic, messages: msgs }] });
    // Warm-up, one batch per producer: metadata, producer id, connections.
    await Promise.all(producers.map((_, w) => send(w, batches[w])));
    const pool = batches.slice(concurrency);
    const timed = await timedCalls(
      concurrency,
      budgetMs,
      async (w, b) => {
        await send(w, pool[b % pool.length]);
        return batch;
      },
      nBatches,
    );
    const bytes = batches[0].reduce((s, m) => s + m.value.length, 0) / batch;
    const r = {
      messages: timed.items,
      batch,
      concurrency,
      messageBytes: Math.round(bytes),
      secs: round(timed.secs, 1),
      messagesPerSec: timed.perSec,
    };
    say(
      `  ${label}: ${r.messagesPerSec} messages/s (${r.messages} × ${r.messageBytes} B` +
        `${concurrency > 1 ? `, ${concurrency} producers` : ''})`,
    );
    return r;
  } finally {
    await Promise.all(producers.map((p) => p.disconnect()));
  }
}

/**
 * The driver's `insertMany(ordered: false)` of `docAt(i)` documents in batches
 * of `batch`, `concurrency` calls in flight, into `collection` (which the caller
 * prepares: empty, with the indexes it wants maintained), up to `docs` or
 * `budgetMs`. A pool of `poolDocs` documents is built first; each use gets its
 * own `_id` (`<_id>~<use>`).
 */
export async function rawInsertMany(
  collection,
  {
    docAt,
    batch = 200,
    concurrency = 1,
    docs = 20_000,
    poolDocs = 4_000,
    budgetMs = 30_000,
    label = 'store insertMany',
    bsonSize,
    say = () => {},
  },
) {
  const pool = Array.from({ length: Math.max(poolDocs, batch) }, (_, i) => docAt(i));
  const batchOf = (b) =>
    Array.from({ length: batch }, (_, k) => {
      const i = b * batch + k;
      const doc = pool[i % pool.length];
      return { ...doc, _id: `${doc._id}~${Math.floor(i / pool.length)}` };
    });
  await collection.insertMany(batchOf(0), { ordered: false }); // warm-up: connections, first pages
  const timed = await timedCalls(
    concurrency,
    budgetMs,
    async (_, k) => {
      await collection.insertMany(batchOf(k + 1), { ordered: false });
      return batch;
    },
    Math.ceil(docs / batch),
  );
  const r = {
    docs: timed.items,
    batch,
    concurrency,
    docBytes: bsonSize ? Math.round(bsonSize(pool[0])) : undefined,
    secs: round(timed.secs, 1),
    docsPerSec: timed.perSec,
  };
  say(
    `  ${label}: ${r.docsPerSec} docs/s (${r.docs}${r.docBytes ? ` × ${r.docBytes} B` : ''}, ` +
      `${concurrency} in flight)`,
  );
  return r;
}

/**
 * The driver's `bulkWrite` of `updateOne({_id}, update, {upsert: true})` statements, `batch` per call,
 * `concurrency` calls in flight, into `collection`, up to `ops` or `budgetMs`: what a projection's
 * write costs raw. `opAt(i, bulk)` returns `{ filter, update }`; keys repeat as the caller chooses them
 * (a pool of counters: the first pass inserts, later ones increment).
 */
export async function rawUpsert(
  collection,
  {
    opAt,
    batch = 200,
    concurrency = 1,
    ops = 20_000,
    budgetMs = 30_000,
    label = 'store upsert',
    say = () => {},
  },
) {
  const bulkOf = (b) =>
    Array.from({ length: batch }, (_, k) => {
      const { filter, update } = opAt(b * batch + k, b);
      return { updateOne: { filter, update, upsert: true } };
    });
  await collection.bulkWrite(bulkOf(0), { ordered: false }); // warm-up
  const timed = await timedCalls(
    concurrency,
    budgetMs,
    async (_, k) => {
      await collection.bulkWrite(bulkOf(k + 1), { ordered: false });
      return batch;
    },
    Math.ceil(ops / batch),
  );
  const r = { ops: timed.items, batch, concurrency, secs: round(timed.secs, 1), opsPerSec: timed.perSec };
  say(`  ${label}: ${r.opsPerSec} upserts/s (${r.ops}, bulks of ${batch}, ${concurrency} in flight)`);
  return r;
}

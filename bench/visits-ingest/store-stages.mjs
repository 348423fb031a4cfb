// The store's cost of the two per-visit statements on the ingest path besides
// the batched insert, measured raw (no service around them): the read-model
// look-up that accepting a visit needs (`findOne({_id})`, 8 in flight per
// request as ResidentCopyRepository.findMany does) and the relay's clear of a
// published visit (`updateOne({_id, pendingEvents})` in unordered bulks of
// WRITE_CHUNK, CLEAR_CONCURRENCY in flight, as OutboxRelay.clearPublished does);
// and the relay's read of a pass (`find({hasPendingEvents: true}).limit(200)`).
import { WRITE_CHUNK } from '#anlao/messaging';
import { round, sampleLatency } from '../lib/bench-kit.mjs';
import { timedCalls } from '../lib/raw-rates.mjs';

const LOOKUP_CONCURRENCY = 8; // ResidentCopyRepository
const CLEAR_CONCURRENCY = 4; // OutboxRelay

/** `findOne({_id})` on the centres read model, `8 × requests` in flight. */
export async function rawLookups(collection, ids, { requests, budgetMs, say }) {
  const inFlight = LOOKUP_CONCURRENCY * requests;
  const t = await timedCalls(inFlight, budgetMs, async (_, k) => {
    await collection.findOne({ _id: ids[k % ids.length] });
    return 1;
  });
  const r = { lookups: t.items, inFlight, secs: round(t.secs, 1), perSec: t.perSec };
  say(`  store findOne({_id}) on the read model: ${r.perSec}/s (${inFlight} in flight)`);
  return r;
}

/** The relay's one-statement clear of `collection`'s pending documents (as many as `budgetMs` allows). */
export async function rawClears(collection, { max = 20_000, budgetMs, say }) {
  const docs = await collection
    .find({ hasPendingEvents: true }, { projection: { pendingEvents: 1 }, batchSize: max + 1 })
    .limit(max)
    .toArray();
  const chunks = [];
  for (let i = 0; i < docs.length; i += WRITE_CHUNK) chunks.push(docs.slice(i, i + WRITE_CHUNK));
  const t = await timedCalls(
    CLEAR_CONCURRENCY,
    budgetMs,
    async (_, k) => {
      const chunk = chunks[k];
      const r = await collection.bulkWrite(
        chunk.map((d) => ({
          updateOne: {
            filter: { _id: d._id, pendingEvents: d.pendingEvents },
            update: { $set: { pendingEvents: [], hasPendingEvents: false } },
          },
        })),
        { ordered: false },
      );
      return r.matchedCount;
    },
    chunks.length,
  );
  const r = {
    cleared: t.items,
    chunk: WRITE_CHUNK,
    inFlight: CLEAR_CONCURRENCY,
    secs: round(t.secs, 1),
    perSec: t.perSec,
  };
  say(`  store relay-style clear: ${r.perSec} docs/s (${r.cleared}, bulks of ${WRITE_CHUNK}, 4 in flight)`);
  return r;
}

/** The relay pass's read: up to `batch` pending documents with their events, one at a time. */
export function rawPendingFind(collection, { batch, budgetMs, say }) {
  return sampleLatency(
    `store find({hasPendingEvents: true}).limit(${batch})`,
    1,
    () =>
      collection
        .find({ hasPendingEvents: true }, { projection: { pendingEvents: 1 }, batchSize: batch + 1 })
        .limit(batch)
        .toArray(),
    { maxSamples: 30, budgetMs, say },
  );
}

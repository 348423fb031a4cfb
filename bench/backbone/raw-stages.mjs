// The ceilings the backbone is compared with, measured in the same run: the
// store's single-`_id` update on the grown aggregate collection and the
// broker's raw `sendBatch` with the relay's batch and message size.
import { sampleLatency } from '../lib/bench-kit.mjs';
import { kafkaMessage, rawSendBatch as rawSendBatchOf } from '../lib/raw-rates.mjs';
import { PARTITIONS, seededVisitId, visitWithEvent } from './fixture.mjs';

export const RELAY_BATCH = 200; // MessagingRuntime.startRelay's batch size

/** updateOne({_id}, {$inc}) on random seeded aggregates, one at a time. */
export function rawUpdateById(stores, seededCount, say) {
  const col = stores.visits.collection;
  return sampleLatency(
    'store updateOne({_id}, {$inc})',
    seededCount,
    (i) => col.updateOne({ _id: seededVisitId(i) }, { $inc: { touched: 1 } }),
    { maxSamples: 200, budgetMs: 15_000, say },
  );
}

/**
 * A plain kafkajs producer configured like EventProducer (idempotent, acks
 * from all replicas) sending encoded `visit.recorded` events with the same key
 * and headers in batches of the relay's size: what publishing costs without
 * the relay around it (bench/lib/raw-rates.mjs, one producer).
 */
export function rawSendBatch(kafka, topicPrefix, { messages = 10_000, budgetMs = 30_000, say }) {
  return rawSendBatchOf(kafka, `${topicPrefix}bench.raw`, {
    messageAt: (i) => kafkaMessage(visitWithEvent(i, 'raw').pendingEvents[0]),
    batch: RELAY_BATCH,
    partitions: PARTITIONS,
    messages,
    budgetMs,
    say,
  });
}

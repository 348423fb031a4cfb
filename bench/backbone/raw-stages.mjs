// The ceilings the backbone is compared with, measured in the same run: the
// store's single-`_id` update on the grown aggregate collection and the
// broker's raw `sendBatch` with the relay's batch and message size.
import { performance } from 'node:perf_hooks';
import { Partitioners } from 'kafkajs';
import { encodeEvent } from '#anlao/events';
import { EventHeaders } from '#anlao/messaging';
import { round, sampleLatency } from '../lib/bench-kit.mjs';
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
 * the relay around it.
 */
export async function rawSendBatch(kafka, topicPrefix, { messages = 10_000, budgetMs = 30_000, say }) {
  const topic = `${topicPrefix}bench.raw`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
  await admin.disconnect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const batch = (from) =>
    Array.from({ length: RELAY_BATCH }, (_, k) => {
      const event = visitWithEvent(from + k, 'raw').pendingEvents[0];
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
    });
  try {
    // Built ahead: the figure is the broker's and the client's, not event construction.
    const batches = Array.from({ length: Math.ceil(messages / RELAY_BATCH) + 1 }, (_, b) =>
      batch(b * RELAY_BATCH),
    );
    const send = (msgs) => producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: msgs }] });
    await send(batches[0]); // warm-up: metadata, producer id, connections
    let sent = 0;
    const t0 = performance.now();
    for (const msgs of batches.slice(1)) {
      await send(msgs);
      sent += msgs.length;
      if (performance.now() - t0 > budgetMs) break;
    }
    const secs = (performance.now() - t0) / 1000;
    const bytes = batches[0].reduce((s, m) => s + m.value.length, 0) / RELAY_BATCH;
    const r = {
      messages: sent,
      batch: RELAY_BATCH,
      messageBytes: Math.round(bytes),
      secs: round(secs, 1),
      messagesPerSec: Math.round(sent / secs),
    };
    say(`  broker sendBatch: ${r.messagesPerSec} messages/s (${sent} × ${r.messageBytes} B)`);
    return r;
  } finally {
    await producer.disconnect();
  }
}

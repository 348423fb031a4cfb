import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { topicName, Topics } from '#anlao/events';
import type { DeadLetter } from './dead-letter.js';
import type { EventProducer } from './event-producer.js';
import { topicOffsets } from './kafka.js';

/** Reads every dead letter currently in the topic (up to its high-water marks), oldest first. */
export async function listDeadLetters(
  kafka: Kafka,
  topicPrefix: string,
  timeoutMs = 30_000,
): Promise<DeadLetter[]> {
  const topic = topicName(Topics.deadLetters, topicPrefix);
  const admin = kafka.admin();
  await admin.connect();
  let targets: Map<number, bigint>;
  try {
    const offsets = await topicOffsets(admin, topic);
    targets = new Map(offsets.filter((o) => o.high > o.low).map((o) => [o.partition, o.high]));
  } finally {
    await admin.disconnect();
  }
  if (targets.size === 0) return [];

  // A throw-away group: reading never moves anyone's offsets.
  const consumer = kafka.consumer({ groupId: `${topicPrefix}dead-letter-reader-${randomUUID()}` });
  const letters: DeadLetter[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out reading dead letters')), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition, message }) => {
            if (message.value) letters.push(JSON.parse(message.value.toString('utf8')) as DeadLetter);
            const high = targets.get(partition);
            if (high !== undefined && BigInt(message.offset) + 1n >= high) targets.delete(partition);
            if (targets.size === 0) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return letters.sort((a, b) => a.failedAt.localeCompare(b.failedAt));
}

/**
 * Puts dead letters back on their original topic, bytes and headers untouched
 * (same event id, so a consumer that did process it meanwhile skips it).
 */
export async function replayDeadLetters(
  producer: EventProducer,
  letters: DeadLetter[],
): Promise<{ replayed: number; skipped: number }> {
  let replayed = 0;
  let skipped = 0;
  for (const letter of letters) {
    if (letter.originalValue === null) {
      skipped++;
      continue;
    }
    await producer.sendRaw(letter.topic, [
      {
        key: letter.originalKey,
        value: Buffer.from(letter.originalValue, 'base64'),
        headers: { ...letter.originalHeaders, 'replayed-from-dead-letter': letter.deadLetterId },
      },
    ]);
    replayed++;
  }
  return { replayed, skipped };
}

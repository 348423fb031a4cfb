import { randomUUID } from 'node:crypto';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { topicName, Topics } from '#anlao/events';
import type { EventProducer } from './event-producer.js';

/** What a dead letter carries: the original bytes untouched, and why they failed. */
export interface DeadLetter {
  deadLetterId: string;
  failedAt: string;
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
  attempts: number;
  error: { name: string; message: string };
  originalKey: string | null;
  /** base64 of the original value, so any bytes (even non-JSON) survive. */
  originalValue: string | null;
  originalHeaders: Record<string, string>;
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}

export function toDeadLetter(
  message: KafkaMessage,
  context: { groupId: string; topic: string; partition: number; attempts: number },
  error: unknown,
  now = new Date(),
): DeadLetter {
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    deadLetterId: randomUUID(),
    failedAt: now.toISOString(),
    groupId: context.groupId,
    topic: context.topic,
    partition: context.partition,
    offset: message.offset,
    attempts: context.attempts,
    error: { name: err.name, message: err.message.slice(0, 2000) },
    originalKey: message.key ? message.key.toString('utf8') : null,
    originalValue: message.value ? message.value.toString('base64') : null,
    originalHeaders: headersToStrings(message.headers),
  };
}

/** Puts a dead letter on the dead-letter topic, keyed by its id and tagged with its group. */
export async function sendDeadLetter(
  producer: EventProducer,
  topicPrefix: string,
  letter: DeadLetter,
): Promise<void> {
  await producer.sendRaw(topicName(Topics.deadLetters, topicPrefix), [
    {
      key: letter.deadLetterId,
      value: JSON.stringify(letter),
      headers: { 'dead-letter-group': letter.groupId },
    },
  ]);
}

import type { Collection } from 'mongodb';
import { chunksOf, inParallel, utcDay } from '#anlao/platform';
import { duplicateKeyIndexes, isDuplicateKey } from './store-errors.js';

export interface InboxEntry {
  _id: string;
  processedAt: Date;
  /** UTC day of `processedAt`, indexed: pruning finds expired entries by equality on it (retention.ts, ADR 0020). */
  day: string;
}

/** The entry that records `key` as applied; the one shape every write of the inbox uses. */
export function inboxEntry(key: string, processedAt = new Date()): InboxEntry {
  return { _id: key, processedAt, day: utcDay(processedAt) };
}

/** Look-ups in flight at once: enough to hide round trips, few enough to leave the store's pool to others. */
export const INBOX_LOOKUP_CONCURRENCY = 8;

/** Entries per `insertMany` and such inserts in flight: each holds about one pooled store connection per entry. */
const RECORD_CHUNK = 24;
const RECORD_CONCURRENCY = 2;

/**
 * The ids of events a consumer group has already applied, one document each
 * (`_id = group:eventId`). Every read and write is by `_id` alone: FerretDB
 * pushes nothing else down to its backend (an `$in` over the batch scanned the
 * whole, ever-growing collection), so the cost per event stays flat.
 */
export class Inbox {
  constructor(
    private readonly collection: Collection<InboxEntry>,
    private readonly concurrency = INBOX_LOOKUP_CONCURRENCY,
  ) {}

  /** Which of `keys` are already recorded. */
  async seen(keys: readonly string[]): Promise<Set<string>> {
    const entries = await inParallel(keys, this.concurrency, (key) =>
      this.collection.findOne({ _id: key }, { projection: { _id: 1 } }),
    );
    return new Set(keys.filter((_, i) => entries[i]));
  }

  /** Records an applied event; recording it twice is not an error (a redelivery raced us). */
  async record(key: string): Promise<void> {
    await this.collection.insertOne(inboxEntry(key)).catch((e: unknown) => {
      if (!isDuplicateKey(e)) throw e;
    });
  }

  /** Records the applied events of a batch together; entries already there (a redelivery raced us) are fine. */
  async recordMany(keys: readonly string[]): Promise<void> {
    const processedAt = new Date();
    await inParallel(chunksOf(keys, RECORD_CHUNK), RECORD_CONCURRENCY, async (chunk) => {
      try {
        await this.collection.insertMany(
          chunk.map((key) => inboxEntry(key, processedAt)),
          { ordered: false },
        );
      } catch (error) {
        if (!duplicateKeyIndexes(error)) throw error;
      }
    });
  }
}

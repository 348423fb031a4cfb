import type { Collection } from 'mongodb';
import { inParallel } from '#anlao/platform';
import { isDuplicateKey } from './store-errors.js';

export interface InboxEntry {
  _id: string;
  processedAt: Date;
}

/** Look-ups in flight at once: enough to hide round trips, few enough to leave the store's pool to others. */
export const INBOX_LOOKUP_CONCURRENCY = 8;

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
    await this.collection.insertOne({ _id: key, processedAt: new Date() }).catch((e: unknown) => {
      if (!isDuplicateKey(e)) throw e;
    });
  }
}

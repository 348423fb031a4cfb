import type { Collection } from 'mongodb';

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
    const found = new Set<string>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const key = keys[next++] as string;
        const entry = await this.collection.findOne({ _id: key }, { projection: { _id: 1 } });
        if (entry) found.add(key);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, keys.length) }, worker));
    return found;
  }

  /** Records an applied event; recording it twice is not an error (a redelivery raced us). */
  async record(key: string): Promise<void> {
    await this.collection.insertOne({ _id: key, processedAt: new Date() }).catch((e: unknown) => {
      if (!isDuplicateKey(e)) throw e;
    });
  }
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

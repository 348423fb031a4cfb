import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { validateEvent, type EventEnvelope } from '#anlao/events';
import { isDuplicateKey } from './store-errors.js';
import type { OutboxModel } from './outbox-model.js';

/** Collection, in the service's own database, of pending events the catalog refuses. */
export const QUARANTINE_COLLECTION = 'outbox_quarantine';

export interface QuarantinedEvent {
  /** `collection:aggregateId:eventId`: quarantining the same event twice (crash, retry) stores it once. */
  _id: string;
  eventId: string | null;
  eventType: string | null;
  /** The catalog's reason: field paths and rules, not values. */
  error: string;
  collection: string;
  aggregateId: unknown;
  quarantinedAt: Date;
  /** The event as it was pending, for whoever repairs and re-emits it. Never logged. */
  event: unknown;
}

export interface InvalidPending {
  aggregateId: unknown;
  event: unknown;
  error: string;
}

interface PendingDoc {
  _id: unknown;
  pendingEvents: unknown[];
}

/** Splits what aggregates hold into what the catalog accepts and what it refuses (with why). */
export function splitPending(docs: readonly PendingDoc[]): {
  valid: EventEnvelope[];
  invalid: InvalidPending[];
} {
  const valid: EventEnvelope[] = [];
  const invalid: InvalidPending[] = [];
  for (const doc of docs) {
    for (const event of doc.pendingEvents) {
      try {
        // An outbox may hold its events serialised (a batch intent, ADR 0024): one string is far
        // cheaper for FerretDB to store and compare than a nested document per event.
        const decoded: unknown = typeof event === 'string' ? JSON.parse(event) : event;
        validateEvent(decoded);
        valid.push(decoded as EventEnvelope);
      } catch (error) {
        invalid.push({
          aggregateId: doc._id,
          event,
          error: error instanceof Error ? error.message.slice(0, 2000) : String(error),
        });
      }
    }
  }
  return { valid, invalid };
}

/**
 * Where the relay puts a pending event it cannot publish, so one bad event
 * costs only itself: the relay records it here, removes it from its aggregate's
 * outbox and carries on with every other event and model.
 */
export class OutboxQuarantine {
  private readonly indexed = new WeakSet<object>();

  constructor(private readonly logger: Logger) {}

  /** Stores each bad event (once); resolves with how many were new. */
  async put(model: OutboxModel, invalid: readonly InvalidPending[]): Promise<number> {
    const collection = model.collection.collectionName;
    const target = model.db.collection<QuarantinedEvent>(QUARANTINE_COLLECTION);
    let added = 0;
    // Rare, so one insert each: a duplicate (a retry after a crash) must not stop the others.
    for (const item of invalid) {
      const { eventId, eventType } = identify(item.event);
      const record: QuarantinedEvent = {
        _id: `${collection}:${String(item.aggregateId)}:${eventId ?? fingerprint(item.event)}`,
        eventId,
        eventType,
        error: item.error,
        collection,
        aggregateId: item.aggregateId,
        quarantinedAt: new Date(),
        event: item.event,
      };
      try {
        await target.insertOne(record);
        added++;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      this.logger.error(
        { eventId, eventType, collection, aggregateId: item.aggregateId, error: item.error },
        'pending event refused by the catalog; quarantined in outbox_quarantine',
      );
    }
    return added;
  }

  /**
   * How many events of these models sit in quarantine; asked every 30 s at most
   * by the relay, served by an index on `collection` (created here, once).
   */
  async count(models: readonly OutboxModel[]): Promise<number> {
    let total = 0;
    for (const model of models) {
      const quarantine = model.db.collection<QuarantinedEvent>(QUARANTINE_COLLECTION);
      if (!this.indexed.has(model.db)) {
        // Serves countDocuments({ collection }) below.
        await quarantine.createIndex({ collection: 1 });
        this.indexed.add(model.db);
      }
      total += await quarantine.countDocuments({ collection: model.collection.collectionName });
    }
    return total;
  }
}

function identify(event: unknown): { eventId: string | null; eventType: string | null } {
  const e = (typeof event === 'object' && event !== null ? event : decoded(event)) as Record<string, unknown>;
  return {
    eventId: typeof e.id === 'string' ? e.id : null,
    eventType: typeof e.type === 'string' ? e.type : null,
  };
}

/** A serialised pending event as an object, or `{}` when it is not one. */
function decoded(event: unknown): object {
  if (typeof event !== 'string') return {};
  try {
    const value: unknown = JSON.parse(event);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

function fingerprint(event: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(event) ?? 'undefined')
    .digest('hex')
    .slice(0, 32);
}

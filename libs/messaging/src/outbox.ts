import { Schema } from 'mongoose';
import type { Logger } from 'pino';
import type { EventEnvelope } from '#anlao/events';
import { chunksOf, inParallel } from '#anlao/platform';
import type { EventProducer } from './event-producer.js';
import type { OutboxModel } from './outbox-model.js';
import { aggregateKey, aggregateWrites } from './aggregate-writes.js';
import { OutboxQuarantine, splitPending } from './outbox-quarantine.js';

/**
 * The outbox lives inside each aggregate document: the state change and the
 * events it emits are one single-document write, atomic on FerretDB (no
 * multi-document transactions) and on MongoDB alike.
 */
export type { OutboxModel } from './outbox-model.js';

/**
 * Pending events are stored serialised, one JSON string each: FerretDB stores, rewrites and
 * compares one string 5–6 times faster than the nested document of an envelope (measured with
 * 200 events: insert 9.6 vs 45.5 ms, $set 12.4 vs 76.4 ms). The relay also reads the documents
 * written before this, which hold envelopes.
 */
export interface OutboxFields {
  pendingEvents: string[];
  hasPendingEvents: boolean;
}

/** An event as an outbox stores it. */
export function serialisedEvent(event: EventEnvelope): string {
  return JSON.stringify(event);
}

export function addOutbox(schema: Schema): Schema {
  schema.add({
    pendingEvents: { type: [Schema.Types.Mixed], default: [] },
    hasPendingEvents: { type: Boolean, default: false },
  });
  // Serves the relay's scan: find({ hasPendingEvents: true }).
  schema.index({ hasPendingEvents: 1 });
  return schema;
}

/** The fields of a write that stores `events` with the state change it is part of. */
export function withEvents(events: EventEnvelope[]): OutboxFields {
  return { pendingEvents: events.map(serialisedEvent), hasPendingEvents: events.length > 0 };
}

/** Update operators that append events to an existing aggregate's outbox. */
export function pushEvents(events: EventEnvelope[]): {
  $push: Record<string, unknown>;
  $set: Record<string, unknown>;
} {
  return {
    $push: { pendingEvents: { $each: events.map(serialisedEvent) } },
    $set: { hasPendingEvents: true },
  };
}

interface PendingDoc {
  _id: unknown;
  pendingEvents: EventEnvelope[];
}

/**
 * Statements per bulk write (an even number: the careful clear spends two per document). FerretDB 1.24 on SQLite keeps one connection per
 * statement of an update command open until the command ends; at 100 (its pool
 * size) the command waits for itself and the whole store stops answering.
 */
export const WRITE_CHUNK = 24;

export interface RelayStats {
  published: number;
  /** Pending events the catalog refused, moved to `outbox_quarantine` instead of blocking the relay. */
  quarantined: number;
}

export interface RelayStatus {
  lastError?: string;
  /** Events of this relay's models in quarantine (refreshed from the store every half minute). */
  quarantined: number;
}

/** How often the quarantine count shown by readiness is read again from the store. */
const QUARANTINE_RECOUNT_MS = 30_000;

export interface RelayOptions {
  /**
   * For outbox-only collections (a queue of events with no other state, e.g. the
   * audit trail's): a published document is deleted, so the collection holds
   * only what is still pending and the relay's scan stays small.
   */
  deleteWhenPublished?: boolean;
}

/**
 * Publishes what aggregates hold in their outboxes, then removes exactly what
 * it published. A crash between publish and removal publishes again on restart:
 * delivery is at least once, and consumers dedupe by event id.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RelayStats> | undefined;
  private again = false;
  private stopped = true;
  private lastError: string | undefined;
  private readonly quarantine: OutboxQuarantine;
  private quarantined = 0;
  private countedAt = 0;

  constructor(
    private readonly models: OutboxModel[],
    private readonly producer: EventProducer,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly batchSize = 200,
    private readonly options: RelayOptions = {},
  ) {
    this.quarantine = new OutboxQuarantine(logger);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass soon: called after a write so events leave without waiting for the poll. */
  notify(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops polling and publishes what is still pending (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // Bounded: a broker that is down must not hold the process; what is left stays in the outbox.
    const flush = (async () => {
      if (this.running) await this.running.catch(() => undefined);
      await this.drain();
    })();
    await Promise.race([flush, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]).catch(
      (error: unknown) =>
        this.logger.warn({ err: error }, 'outbox flush on stop failed; events stay pending'),
    );
  }

  status(): RelayStatus {
    return this.lastError
      ? { lastError: this.lastError, quarantined: this.quarantined }
      : { quarantined: this.quarantined };
  }

  /** Publishes until nothing is pending. */
  async drain(): Promise<RelayStats> {
    const total: RelayStats = { published: 0, quarantined: 0 };
    for (;;) {
      const pass = await this.passOnce();
      total.published += pass.published;
      total.quarantined += pass.quarantined;
      if (pass.published === 0 && pass.quarantined === 0) return total;
    }
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    let delay = this.pollMs;
    try {
      this.running = this.drain();
      await this.running;
      this.lastError = undefined;
      await this.recountQuarantine();
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error }, 'outbox relay pass failed; will retry');
      delay = Math.min(this.pollMs * 4, 5000);
    } finally {
      this.running = undefined;
    }
    if (this.again) {
      this.again = false;
      delay = 0;
    }
    if (!this.stopped) this.schedule(delay);
  }

  private async recountQuarantine(): Promise<void> {
    if (Date.now() - this.countedAt < QUARANTINE_RECOUNT_MS) return;
    try {
      this.quarantined = await this.quarantine.count(this.models);
      this.countedAt = Date.now();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not count quarantined events; will try again');
    }
  }

  private async passOnce(): Promise<RelayStats> {
    const stats: RelayStats = { published: 0, quarantined: 0 };
    for (const model of this.models) {
      const docs = (await model
        .find({ hasPendingEvents: true }, { pendingEvents: 1 })
        .limit(this.batchSize)
        .lean()
        .exec()) as PendingDoc[];
      if (docs.length === 0) continue;
      // Checked here, one by one: the producer refuses a whole batch for one bad event, which
      // would hold back every event of this model and of every model after it, on every pass.
      const { valid, invalid } = splitPending(docs);
      await this.producer.publish(valid);
      if (invalid.length > 0) {
        this.quarantined += await this.quarantine.put(model, invalid);
        stats.quarantined += invalid.length;
      }
      // Removes what was published and what was quarantined: both are exactly what was read.
      if (this.options.deleteWhenPublished) await this.deletePublished(model, docs);
      else await this.clearPublished(model, docs);
      stats.published += valid.length;
    }
    return stats;
  }

  private async clearPublished(model: OutboxModel, docs: PendingDoc[]): Promise<void> {
    // One statement per document, by _id (a `$in` filter is a full scan on FerretDB): the outbox
    // is emptied only if it still holds exactly what was read. A chunk where some document gained
    // an event meanwhile is cleared again the careful way.
    await inParallel(chunksOf(docs, WRITE_CHUNK), CLEAR_CONCURRENCY, (chunk) =>
      this.clearChunk(model, chunk),
    );
  }

  /** Holds the chunk's documents against this process's other writers while it clears them. */
  private clearChunk(model: OutboxModel, chunk: PendingDoc[]): Promise<void> {
    const keys = chunk.map((d) => aggregateKey(model, d._id));
    return aggregateWrites.runAll(keys, async () => {
      const result = await model.bulkWrite(
        chunk.map((d) => ({
          updateOne: {
            filter: { _id: d._id, pendingEvents: d.pendingEvents },
            update: { $set: { pendingEvents: [], hasPendingEvents: false } },
          },
        })),
        { ordered: false },
      );
      if (result.matchedCount < chunk.length) await this.clearCarefully(model, chunk);
    });
  }

  /** Two statements per document: removes exactly what was published, keeps what arrived since. */
  private async clearCarefully(model: OutboxModel, docs: PendingDoc[]): Promise<void> {
    for (const chunk of chunksOf(docs, WRITE_CHUNK / 2)) {
      await model.bulkWrite(
        chunk.flatMap((d) => [
          {
            updateOne: {
              filter: { _id: d._id },
              // $pullAll of the exact documents read: FerretDB's $pull matches whole values only.
              update: { $pullAll: { pendingEvents: d.pendingEvents } },
            },
          },
          {
            // Cleared only if no new event arrived meanwhile: the size check and the write are one update.
            updateOne: {
              filter: { _id: d._id, pendingEvents: { $size: 0 } },
              update: { $set: { hasPendingEvents: false } },
            },
          },
        ]),
        { ordered: true },
      );
    }
  }

  private async deletePublished(model: OutboxModel, docs: PendingDoc[]): Promise<void> {
    await inParallel(chunksOf(docs, WRITE_CHUNK), CLEAR_CONCURRENCY, (chunk) =>
      model.bulkWrite(
        chunk.map((d) => ({ deleteOne: { filter: { _id: d._id } } })),
        { ordered: false },
      ),
    );
  }
}

/**
 * Bulk clears in flight at once. FerretDB runs a bulk's statements one after
 * another (about 2–3 ms each), so the clear, not the publish, bounded the relay
 * (bench/README.md); chunks touch disjoint documents, so they may overlap. Each
 * holds WRITE_CHUNK + 1 pooled connections: 4 × 25 stays well under the pool.
 */
const CLEAR_CONCURRENCY = 4;

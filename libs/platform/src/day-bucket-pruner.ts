import type { Collection, Document, Filter } from 'mongodb';
import { chunksOf } from './concurrency.js';
import { expiredDays, laterDay, retentionCutoff, shiftDay, utcDay } from './retention.js';

/** Deletes per bulk write: each statement holds a pooled store connection while the bulk runs (ADR 0013). */
export const PRUNE_BULK = 24;
/** Ids read per look-up of a day bucket (one batch: FerretDB keeps no cursor open between calls). */
export const PRUNE_PAGE = 480;

/** What a pruning pass tells its scheduler (counts only, never contents). */
export type PruneCounts = Record<string, number>;

/** Lets a long pass stop between bulks when the service shuts down or the pass runs out of time. */
export interface PruneSignal {
  stopped(): boolean;
}

export const NEVER_STOP: PruneSignal = { stopped: () => false };

/** Cap of the pause after each bulk, which lasts as long as the bulk took: a pass keeps the store busy half the time at most. */
const MAX_PAUSE_MS = 1000;

/**
 * Deletes documents by `_id`, `PRUNE_BULK` per bulk write, one bulk at a time,
 * each followed by a pause as long as it took, so that on a busy store the
 * service's own requests keep most of it. Resolves with how many went.
 */
export async function deleteByIds(
  collection: Collection<Document>,
  ids: readonly unknown[],
  signal: PruneSignal = NEVER_STOP,
): Promise<number> {
  let deleted = 0;
  for (const chunk of chunksOf(ids, PRUNE_BULK)) {
    if (signal.stopped()) break;
    const started = Date.now();
    const result = await collection.bulkWrite(
      chunk.map((_id) => ({ deleteOne: { filter: { _id } as Filter<Document> } })),
      { ordered: false },
    );
    deleted += result.deletedCount;
    await pause(Math.min(Date.now() - started, MAX_PAUSE_MS));
  }
  return deleted;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Per pruned collection: how far its day buckets have been emptied, and whether old entries got a bucket. */
export interface RetentionState {
  _id: string;
  prunedThrough: string | null;
  legacyBucketed: boolean;
  lastPassAt: Date;
}

/** The collection, in each service's database, that holds one `RetentionState` per pruning task. */
export const RETENTION_STATE_COLLECTION = 'retention_state';

export interface DayBucketSpec {
  /** The task's name: its `retention_state` document and its log lines. */
  task: string;
  collection: Collection<Document>;
  /** Field holding the entry's UTC day (`YYYY-MM-DD`), indexed: the look-up by bucket is an equality. */
  dayField: string;
  /** Field holding the instant the day was taken from: entries written before buckets existed get theirs from it. */
  timeField: string;
  retentionDays: number;
}

/**
 * Empties a collection's expired day buckets. Each entry carries the UTC day it
 * is kept from, in an indexed field, so a pass finds what to delete with
 * equality look-ups (`find({day})`, served by the index on every store) instead
 * of a range over a time field, which FerretDB answers by reading the whole
 * collection. Its cost follows what it deletes, not what it keeps.
 * A day is emptied once: entries must be bucketed by a day not yet past its
 * retention (the day they are written, or a later one), which every writer does.
 */
export class DayBucketPruner {
  constructor(
    private readonly spec: DayBucketSpec,
    private readonly state: Collection<RetentionState>,
  ) {}

  /** Serves `find({[dayField]: day})`; created once per process, a no-op when it exists. */
  async ensureIndex(): Promise<void> {
    await this.spec.collection.createIndex({ [this.spec.dayField]: 1 });
  }

  async run(now: Date, signal: PruneSignal = NEVER_STOP): Promise<PruneCounts> {
    const cutoff = retentionCutoff(now, this.spec.retentionDays);
    const state = await this.state.findOne({ _id: this.spec.task });
    const counts = { deleted: 0, bucketed: 0, days: 0 };
    if (!state && !(await this.spec.collection.findOne({}, { projection: { _id: 1 } }))) {
      // A first pass over an empty collection: nothing to look back for.
      await this.save({ legacyBucketed: true, prunedThrough: shiftDay(utcDay(cutoff), -1) }, now);
      return counts;
    }
    if (!state?.legacyBucketed) {
      const legacy = await this.bucketLegacy(cutoff, now, signal);
      counts.deleted += legacy.deleted;
      counts.bucketed += legacy.bucketed;
      if (!legacy.complete) return counts;
      await this.save({ legacyBucketed: true }, now);
    }
    const from = state?.prunedThrough ?? null;
    let prunedThrough = from;
    for (const day of expiredDays(cutoff, from)) {
      const emptied = await this.emptyDay(day, signal);
      counts.deleted += emptied.deleted;
      if (!emptied.complete) break;
      counts.days++;
      prunedThrough = laterDay(prunedThrough, day);
      // After a day that held entries: a pass cut short resumes there (empty days cost one look-up to redo).
      if (emptied.deleted > 0) await this.save({ prunedThrough }, now);
    }
    await this.save({ prunedThrough }, now);
    return counts;
  }

  private async emptyDay(day: string, signal: PruneSignal): Promise<{ deleted: number; complete: boolean }> {
    let deleted = 0;
    for (;;) {
      if (signal.stopped()) return { deleted, complete: false };
      const page = await this.spec.collection
        .find(
          { [this.spec.dayField]: day },
          { projection: { _id: 1 }, limit: PRUNE_PAGE, batchSize: PRUNE_PAGE + 1 },
        )
        .toArray();
      deleted += await deleteByIds(
        this.spec.collection,
        page.map((d) => d._id),
        signal,
      );
      if (page.length < PRUNE_PAGE) return { deleted, complete: !signal.stopped() };
    }
  }

  /**
   * Entries written before day buckets existed: the expired ones are deleted, the
   * others get their bucket. This reads the collection (a filter on a missing
   * field is not an equality), once: the state then records it as done.
   */
  private async bucketLegacy(
    cutoff: Date,
    now: Date,
    signal: PruneSignal,
  ): Promise<{ deleted: number; bucketed: number; complete: boolean }> {
    const { collection, dayField, timeField } = this.spec;
    let deleted = 0;
    let bucketed = 0;
    for (;;) {
      if (signal.stopped()) return { deleted, bucketed, complete: false };
      const page = await collection
        .find(
          { [dayField]: { $exists: false } },
          { projection: { _id: 1, [timeField]: 1 }, limit: PRUNE_PAGE, batchSize: PRUNE_PAGE + 1 },
        )
        .toArray();
      // An entry without a readable time is kept from now on: it goes after a full retention.
      const timeOf = (doc: Document): Date => {
        const at: unknown = doc[timeField];
        return at instanceof Date ? at : now;
      };
      const expired = page.filter((doc) => timeOf(doc) < cutoff);
      const kept = page.filter((doc) => timeOf(doc) >= cutoff);
      deleted += await deleteByIds(
        collection,
        expired.map((d) => d._id),
        signal,
      );
      for (const chunk of chunksOf(kept, PRUNE_BULK)) {
        if (signal.stopped()) break;
        const result = await collection.bulkWrite(
          chunk.map((doc) => ({
            updateOne: {
              filter: { _id: doc._id },
              update: { $set: { [dayField]: utcDay(timeOf(doc)) } },
            },
          })),
          { ordered: false },
        );
        bucketed += result.modifiedCount;
      }
      if (page.length < PRUNE_PAGE) return { deleted, bucketed, complete: !signal.stopped() };
    }
  }

  private async save(fields: Partial<Omit<RetentionState, '_id'>>, now: Date): Promise<void> {
    await this.state.updateOne(
      { _id: this.spec.task },
      { $set: { ...fields, lastPassAt: now } },
      { upsert: true },
    );
  }
}

import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import type { Connection } from 'mongoose';
import { duplicateKeyIndexes } from '#anlao/messaging';
import { chunksOf, KeyedQueue } from '#anlao/platform';
import type { CounterIncrement, ProjectionPlan } from './projection-plan.js';

/** Writes per bulk: each holds a store connection (keep bulks small). */
const BULK = 24;
export const JOURNAL_COLLECTION = 'projection_journal';

// Counters and state documents of any shape, keyed by a string `_id`.
/** Where a test kills the process: after the journal entry is written, or after the first counter bulk. */
export interface ProjectionFault {
  lane: string;
  point: 'journal' | 'increments';
  /** From the n-th step with changes since the process started: the first to reach the point dies there. */
  step: number;
}

/** `lane:point:step`, e.g. `analytics.coverage:increments:2`; honoured only when NODE_ENV is test. */
export function projectionFault(spec: string | undefined, nodeEnv: string): ProjectionFault | null {
  const match = /^([a-z.-]+):(journal|increments):(\d+)$/.exec(spec ?? '');
  if (!match || nodeEnv !== 'test') return null;
  return { lane: match[1] ?? '', point: match[2] as ProjectionFault['point'], step: Number(match[3]) };
}

type StringKeyed = { _id: string } & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A plan as the journal holds it: the store refuses dotted keys and nested arrays, so increments are a list. */
interface JournalPlan {
  sets: ProjectionPlan['sets'];
  increments: (Omit<CounterIncrement, 'inc'> & { inc: { field: string; n: number }[] })[];
}

interface JournalEntry {
  _id: string;
  seq: number;
  pending: JournalPlan | null;
}

const toJournal = (plan: ProjectionPlan): JournalPlan => ({
  sets: plan.sets,
  increments: plan.increments.map((i) => ({
    ...i,
    inc: Object.entries(i.inc).map(([field, n]) => ({ field, n })),
  })),
});
const fromJournal = (plan: JournalPlan): ProjectionPlan => ({
  sets: plan.sets,
  increments: plan.increments.map((i) => ({
    ...i,
    inc: Object.fromEntries(i.inc.map(({ field, n }) => [field, n])),
  })),
});

/**
 * Applies projection plans exactly once, for one lane (one writer: a consumer group's serial
 * handler, plus the jobs that take the same lane in this process).
 *
 * A plan is first written whole to the lane's journal entry with the next sequence number; then its
 * document sets are written (idempotent), its counter increments are applied each with a guard
 * (`seq < this seq`, and the counter takes this seq in the same write), and the entry is cleared. A
 * process killed anywhere in between leaves the plan pending: the next step of the lane (or start-up)
 * applies it again, and the guard skips the counters already incremented. So a count is never lost
 * nor doubled, and no counter document keeps a list of event ids (issue [9/11]).
 */
export class ProjectionWriter {
  private static readonly lanes = new KeyedQueue();
  private steps = 0;

  constructor(
    /** The lane's database (a generation's, ADR 0030), or the service's connection (its own database). */
    private readonly store: Connection | Db,
    readonly lane: string,
    /** Test-only failpoint: the process kills itself at this point of this step (see `projectionFault`). */
    private readonly fault: ProjectionFault | null = null,
  ) {}

  /** SIGKILL, as an operator's `kill -9` or the OOM killer would: no shutdown hook runs. */
  private failpoint(point: ProjectionFault['point']): void {
    if (this.fault?.point === point && this.steps >= this.fault.step) process.kill(process.pid, 'SIGKILL');
  }

  private get db(): Db {
    const db = 'databaseName' in this.store ? this.store : this.store.db;
    if (!db) throw new Error('the analytics store is not connected');
    return db;
  }

  private get journal(): Collection<JournalEntry> {
    return this.db.collection<JournalEntry>(JOURNAL_COLLECTION);
  }

  /**
   * Runs `step` alone in this lane of this database (in this process): consumers and jobs of a lane
   * never interleave; the same lane of two generations (two databases) runs side by side.
   */
  exclusive<T>(step: () => Promise<T>): Promise<T> {
    return ProjectionWriter.lanes.run(`${this.db.databaseName}\u0000${this.lane}`, step);
  }

  /** Finishes a plan left pending by a process that died; to be called inside `exclusive`. */
  async recover(): Promise<number> {
    const entry = await this.journal.findOne({ _id: this.lane });
    if (entry?.pending) await this.write(entry.seq, fromJournal(entry.pending));
    return entry?.seq ?? 0;
  }

  /** Applies `plan` exactly once; to be called inside `exclusive`, after `recover`. */
  async apply(plan: ProjectionPlan, seqBefore: number): Promise<number> {
    if (plan.sets.length === 0 && plan.increments.length === 0) return seqBefore;
    const seq = seqBefore + 1;
    this.steps += 1;
    await this.journal.updateOne(
      { _id: this.lane },
      { $set: { seq, pending: toJournal(plan) } },
      { upsert: true },
    );
    this.failpoint('journal');
    await this.write(seq, plan);
    return seq;
  }

  private async write(seq: number, plan: ProjectionPlan): Promise<void> {
    await this.writeSets(plan);
    await this.writeIncrements(seq, plan);
    await this.journal.updateOne({ _id: this.lane }, { $set: { pending: null } });
  }

  private async writeSets(plan: ProjectionPlan): Promise<void> {
    const byCollection = groupBy(plan.sets, (s) => s.collection);
    for (const [name, sets] of byCollection)
      for (const chunk of chunksOf(sets, BULK)) {
        const ops: AnyBulkWriteOperation<StringKeyed>[] = chunk.map((s) => ({
          replaceOne: { filter: { _id: s._id }, replacement: s.doc, upsert: true },
        }));
        await this.db.collection<StringKeyed>(name).bulkWrite(ops, { ordered: false });
      }
  }

  /**
   * A counter already holding this seq (or a later one) was incremented by this plan before the
   * process died: its guarded update matches nothing, the upsert then meets its `_id` (a duplicate
   * key), and that is the sign it is done.
   */
  private async writeIncrements(seq: number, plan: ProjectionPlan): Promise<void> {
    const byCollection = groupBy(plan.increments, (i) => i.collection);
    for (const [name, increments] of byCollection)
      for (const chunk of chunksOf(increments, BULK)) {
        const ops: AnyBulkWriteOperation<StringKeyed>[] = chunk.map((i) => ({
          updateOne: {
            filter: { _id: i._id, seq: { $lt: seq } },
            update: { $inc: i.inc, $set: { ...i.fields, seq } },
            upsert: true,
          },
        }));
        try {
          await this.db.collection<StringKeyed>(name).bulkWrite(ops, { ordered: false });
        } catch (error) {
          if (!duplicateKeyIndexes(error)) throw error;
        }
        this.failpoint('increments');
      }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

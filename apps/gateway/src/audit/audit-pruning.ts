import type { Collection, Db, Document } from 'mongodb';
import { isDuplicateKey } from '#anlao/messaging';
import {
  deleteByIds,
  inParallel,
  retentionCutoff,
  type PruneSignal,
  type RetentionTask,
} from '#anlao/platform';
import type { AuditChainHead, AuditEntry } from './audit-entry.schema.js';
import { headId } from './audit-keeper.js';

/** One document per pruned chain (`_id` `chain-<n>`, like its head): where verification starts. */
export const CHECKPOINT_COLLECTION = 'audit_chain_checkpoints';

export interface AuditChainCheckpoint {
  _id: string;
  /** The last entry pruned: its place and hash (the first entry kept links to it) and time. */
  seq: number;
  hash: string;
  at: Date;
  /** Ids this step deletes; a pass cut short between moving the checkpoint and deleting finishes them next time. */
  pending: string[];
  prunedAt: Date;
}

type Candidate = Pick<AuditEntry, '_id' | 'seq' | 'at' | 'hash'>;

/** Entries looked up (by `chain` and `seq`, one equality each) and pruned per step: one bulk of deletes. */
export const AUDIT_PRUNE_STEP = 24;

/**
 * Which of the entries right after the checkpoint may go: the leading run of
 * those that exist, follow each other, lie before the head (the head's entry is
 * always kept, so the head can still be checked) and are older than the cutoff.
 * The run stops at the first entry kept, so a chain is only ever cut at its start.
 */
export function prunableRun(
  candidates: readonly (Candidate | null)[],
  afterSeq: number,
  headSeq: number,
  cutoff: Date,
): Candidate[] {
  const run: Candidate[] = [];
  for (const [i, entry] of candidates.entries()) {
    if (!entry || entry.seq !== afterSeq + 1 + i || entry.seq >= headSeq || entry.at >= cutoff) break;
    run.push(entry);
  }
  return run;
}

interface Collections {
  entries: Collection<Document>;
  heads: Collection<AuditChainHead>;
  checkpoints: Collection<AuditChainCheckpoint>;
}

function collectionsOf(db: Db): Collections {
  return {
    entries: db.collection('audit_log'),
    heads: db.collection<AuditChainHead>('audit_chain_heads'),
    checkpoints: db.collection<AuditChainCheckpoint>(CHECKPOINT_COLLECTION),
  };
}

/**
 * Moves a chain's checkpoint from `from` to `next`, only if it is still at `from`
 * (compare and set: on MongoDB one pass wins, and a pass that lost deletes
 * nothing). Every pass of one day computes the same steps from the same place
 * (day-aligned cutoff), so two passes that both win on FerretDB, whose updates
 * are not atomic, write the same checkpoint.
 */
async function moveCheckpoint(
  checkpoints: Collection<AuditChainCheckpoint>,
  from: AuditChainCheckpoint | null,
  next: AuditChainCheckpoint,
): Promise<boolean> {
  if (from === null) {
    try {
      await checkpoints.insertOne(next);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
  const { _id, ...fields } = next;
  const moved = await checkpoints.updateOne({ _id, seq: from.seq }, { $set: fields });
  return moved.modifiedCount === 1;
}

/**
 * Prunes one chain from its start up to the first entry not older than `cutoff`:
 * per step the checkpoint moves first (to the last entry of the step, naming the
 * step's ids as pending), then those entries are deleted. `audit:verify` reads
 * entries at or below the checkpoint as deletions still to come, so the chain
 * verifies at every moment, and a crash in between only leaves them for later.
 */
export async function pruneAuditChain(
  db: Db,
  chain: number,
  cutoff: Date,
  now: Date,
  signal: PruneSignal,
): Promise<number> {
  const { entries, heads, checkpoints } = collectionsOf(db);
  const id = headId(chain);
  const head = await heads.findOne({ _id: id });
  if (!head) return 0;
  let checkpoint = await checkpoints.findOne({ _id: id });
  let pruned = checkpoint?.pending.length ? await deleteByIds(entries, checkpoint.pending, signal) : 0;
  while (!signal.stopped()) {
    const after = checkpoint?.seq ?? 0;
    const seqs = Array.from(
      { length: Math.min(AUDIT_PRUNE_STEP, head.seq - 1 - after) },
      (_, i) => after + 1 + i,
    );
    if (seqs.length <= 0) break;
    // Equalities on the indexed `chain` and `seq`: served by the index, never a scan.
    const found = await inParallel(seqs, 8, (seq) =>
      entries.findOne<Candidate>({ chain, seq }, { projection: { _id: 1, seq: 1, at: 1, hash: 1 } }),
    );
    const run = prunableRun(found, after, head.seq, cutoff);
    const last = run.at(-1);
    if (!last) break;
    const next: AuditChainCheckpoint = {
      _id: id,
      seq: last.seq,
      hash: last.hash,
      at: last.at,
      pending: run.map((e) => e._id),
      prunedAt: now,
    };
    if (!(await moveCheckpoint(checkpoints, checkpoint, next))) {
      // Another pass moved it: carry on from where that one got to.
      checkpoint = await checkpoints.findOne({ _id: id });
      continue;
    }
    checkpoint = next;
    pruned += await deleteByIds(entries, next.pending, signal);
    if (run.length < seqs.length) break;
  }
  if (checkpoint?.pending.length && !signal.stopped())
    await checkpoints.updateOne({ _id: id, seq: checkpoint.seq }, { $set: { pending: [] } });
  return pruned;
}

/** The chains of the log: one per partition of the audit topic, each with a head. */
async function chainsOf(db: Db): Promise<number[]> {
  const heads = await collectionsOf(db)
    .heads.find({}, { projection: { _id: 1 } })
    .toArray();
  return heads.flatMap((h) => {
    const match = /^chain-(\d+)$/.exec(h._id);
    return match ? [Number(match[1])] : [];
  });
}

/**
 * The audit log's pruning task: entries older than `AUDIT_RETENTION_DAYS` whole
 * days go, chain by chain, from the start, and each chain keeps a checkpoint of
 * the last entry pruned so `audit:verify` still proves every chain whole.
 */
export function auditRetentionTask(db: Db, retentionDays: number): RetentionTask {
  return {
    name: 'audit-log',
    run: async (now, signal) => {
      const cutoff = retentionCutoff(now, retentionDays);
      let deleted = 0;
      let chains = 0;
      for (const chain of await chainsOf(db)) {
        if (signal.stopped()) break;
        deleted += await pruneAuditChain(db, chain, cutoff, now, signal);
        chains++;
      }
      return { deleted, chains };
    },
  };
}

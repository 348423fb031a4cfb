import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-entry.schema.js';

/** The hash before the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = Omit<AuditEntry, 'hash'>;

/**
 * The entry's hash: sha256 over its fields in a fixed order, the previous hash
 * included, so editing any field of any entry, or removing or reordering
 * entries, breaks every later link.
 */
export function entryHash(entry: ChainedFields): string {
  const canonical = JSON.stringify([
    entry.prevHash,
    entry._id,
    entry.chain,
    entry.seq,
    entry.at.toISOString(),
    entry.service,
    entry.action,
    entry.auditClass,
    entry.actorKind,
    entry.actorId,
    entry.actorRole,
    entry.via,
    entry.orgUnit,
    entry.route,
    entry.targets,
    entry.filter === null ? null : Object.entries(entry.filter).sort(([a], [b]) => a.localeCompare(b)),
    entry.count,
    entry.outcome,
    entry.correlationId,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainBreak {
  chain: number;
  seq: number;
  problem: 'missing' | 'edited' | 'relinked' | 'tail-removed' | 'head-mismatch' | 'checkpoint-past-head';
}

/** The last entry pruned from a chain (ADR 0020): the chain is verified from it on. */
export interface ChainCheckpoint {
  seq: number;
  hash: string;
}

/**
 * Checks one chain's entries as they stream by in `seq` order (the log can be
 * larger than memory) against the chain's head. Entries past the head are
 * appends the keeper has not confirmed yet (it moves the head right after each
 * append): their links are checked, and they are counted, not treated as a break.
 * A pruned chain starts after its checkpoint: the first entry kept must link to
 * the last one pruned. Entries at or below the checkpoint are a pruning pass's
 * deletions still to come (it moves the checkpoint first): skipped and counted.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private found: ChainBreak | null = null;
  unconfirmed = 0;
  awaitingDeletion = 0;

  constructor(
    private readonly chain: number,
    private readonly head: { seq: number; hash: string } | null,
    private readonly checkpoint: ChainCheckpoint | null = null,
  ) {
    this.expectedSeq = (checkpoint?.seq ?? 0) + 1;
    this.prevHash = checkpoint?.hash ?? GENESIS_HASH;
    // Pruning never takes a chain's head entry: a checkpoint at or past the head is not its own doing.
    if (checkpoint && checkpoint.seq >= (head?.seq ?? 0))
      this.found = { chain, seq: checkpoint.seq, problem: 'checkpoint-past-head' };
  }

  /** False once a break is found: the rest of the chain need not be read. */
  push(entry: AuditEntry): boolean {
    if (this.found) return false;
    if (this.checkpoint && entry.seq <= this.checkpoint.seq) {
      this.awaitingDeletion++;
      return true;
    }
    const chain = this.chain;
    const headSeq = this.head?.seq ?? 0;
    if (entry.seq !== this.expectedSeq) this.found = { chain, seq: this.expectedSeq, problem: 'missing' };
    else if (entry.prevHash !== this.prevHash) this.found = { chain, seq: entry.seq, problem: 'relinked' };
    else if (entryHash(entry) !== entry.hash) this.found = { chain, seq: entry.seq, problem: 'edited' };
    else if (entry.seq === headSeq && entry.hash !== this.head?.hash)
      this.found = { chain, seq: entry.seq, problem: 'head-mismatch' };
    if (this.found) return false;
    if (entry.seq > headSeq) this.unconfirmed++;
    this.prevHash = entry.hash;
    this.expectedSeq++;
    return true;
  }

  finish(): ChainBreak | null {
    if (this.found) return this.found;
    const last = this.expectedSeq - 1;
    if ((this.head?.seq ?? 0) > last) return { chain: this.chain, seq: last + 1, problem: 'tail-removed' };
    return null;
  }
}

/** Checks a whole chain held in memory (tests, small logs). */
export function verifyChain(
  chain: number,
  entries: Iterable<AuditEntry>,
  head: { seq: number; hash: string } | null,
  checkpoint: ChainCheckpoint | null = null,
): ChainBreak | null {
  const verifier = new ChainVerifier(chain, head, checkpoint);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.finish();
}

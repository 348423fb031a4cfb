import type { EventEnvelope } from '#anlao/events';
import { GENESIS_HASH, verifyChain, ChainVerifier } from './audit-chain.js';
import type { AuditEntry } from './audit-entry.schema.js';
import { chainedEntry } from './audit-keeper.js';
import { prunableRun } from './audit-pruning.js';

const DAY = 86_400_000;
const CUTOFF = new Date('2026-01-01T00:00:00Z');

function recorded(n: number, at: Date): EventEnvelope<'audit.recorded'> {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'audit.recorded',
    version: 1,
    occurredAt: at.toISOString(),
    source: 'residents',
    subject: 's-1',
    orgUnit: '2101.210102',
    correlationId: `corr-${n}`,
    causationId: null,
    payload: {
      action: 'personal-data.read',
      auditClass: 'personal-read',
      actor: { kind: 'staff', id: 's-1', role: 'district-staff', via: 'tok' },
      route: 'GET /residents/:residentId',
      targets: [`r-${n}`],
      filter: null,
      count: null,
      outcome: 'ok',
    },
  };
}

/** A chain whose n-th entry happened `daysBeforeCutoff[n-1]` days before the cut-off (negative: after). */
function chainAt(daysBeforeCutoff: number[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let head = { seq: 0, hash: GENESIS_HASH };
  daysBeforeCutoff.forEach((days, i) => {
    const entry = chainedEntry(recorded(i + 1, new Date(CUTOFF.getTime() - days * DAY)), 0, head);
    out.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  });
  return out;
}

const headOf = (entries: AuditEntry[]) => ({ seq: entries.length, hash: entries.at(-1)?.hash ?? '' });
const seqs = (entries: { seq: number }[]) => entries.map((e) => e.seq);

describe('what audit pruning takes', () => {
  it('takes the leading run older than the cut-off, and stops at the first entry kept', () => {
    const chain = chainAt([30, 20, 10, -1, 5, -2]);
    expect(seqs(prunableRun(chain, 0, 6, CUTOFF))).toEqual([1, 2, 3]);
    // From a checkpoint on: the candidates start right after it.
    expect(seqs(prunableRun(chain.slice(1), 1, 6, CUTOFF))).toEqual([2, 3]);
  });

  it('never takes the head’s entry, and stops at a gap or an entry out of place', () => {
    const chain = chainAt([30, 20, 10]);
    expect(seqs(prunableRun(chain, 0, 3, CUTOFF))).toEqual([1, 2]);
    expect(seqs(prunableRun([chain[0] ?? null, null, chain[2] ?? null], 0, 9, CUTOFF))).toEqual([1]);
    expect(seqs(prunableRun([chain[1] ?? null], 0, 9, CUTOFF))).toEqual([]);
  });

  it('takes nothing at or after the cut-off instant', () => {
    const chain = chainAt([0, 1]);
    expect(prunableRun(chain, 0, 9, CUTOFF)).toEqual([]);
  });
});

describe('verifying a pruned chain', () => {
  const chain = chainAt([9, 8, 7, 6, 5, 4]);
  const checkpointAt = (seq: number) => ({ seq, hash: chain[seq - 1]?.hash ?? '' });

  it('verifies from the checkpoint: the first entry kept links to the last one pruned', () => {
    expect(verifyChain(0, chain.slice(3), headOf(chain), checkpointAt(3))).toBeNull();
  });

  it('finds a removed entry right after the checkpoint, and a checkpoint that does not match', () => {
    expect(verifyChain(0, chain.slice(4), headOf(chain), checkpointAt(3))).toEqual({
      chain: 0,
      seq: 4,
      problem: 'missing',
    });
    expect(verifyChain(0, chain.slice(3), headOf(chain), { seq: 3, hash: 'f'.repeat(64) })).toEqual({
      chain: 0,
      seq: 4,
      problem: 'relinked',
    });
  });

  it('reads entries at or below the checkpoint as deletions still to come', () => {
    const verifier = new ChainVerifier(0, headOf(chain), checkpointAt(3));
    for (const entry of chain) expect(verifier.push(entry)).toBe(true);
    expect(verifier.finish()).toBeNull();
    expect(verifier.awaitingDeletion).toBe(3);
  });

  it('refuses a checkpoint at or past the head, which pruning never writes', () => {
    expect(verifyChain(0, [], headOf(chain), checkpointAt(6))).toEqual({
      chain: 0,
      seq: 6,
      problem: 'checkpoint-past-head',
    });
    expect(verifyChain(0, [], null, checkpointAt(2))?.problem).toBe('checkpoint-past-head');
  });

  it('still finds a cut tail after pruning', () => {
    expect(verifyChain(0, chain.slice(3, 5), headOf(chain), checkpointAt(3))).toEqual({
      chain: 0,
      seq: 6,
      problem: 'tail-removed',
    });
  });
});

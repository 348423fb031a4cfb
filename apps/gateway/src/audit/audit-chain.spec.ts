import type { EventEnvelope } from '#anlao/events';
import { ChainVerifier, verifyChain } from './audit-chain.js';
import type { AuditEntry } from './audit-entry.schema.js';
import { chainedEntry } from './audit-keeper.js';

function recorded(n: number): EventEnvelope<'audit.recorded'> {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'audit.recorded',
    version: 1,
    occurredAt: new Date(Date.UTC(2026, 10, 25, 8, 0, n)).toISOString(),
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

function chainOf(length: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let head = { seq: 0, hash: '0'.repeat(64) };
  for (let n = 1; n <= length; n++) {
    const entry = chainedEntry(recorded(n), 0, head);
    out.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  return out;
}

const headOf = (entries: AuditEntry[]) => ({ seq: entries.length, hash: entries.at(-1)?.hash ?? '' });

describe('audit hash chain', () => {
  it('verifies a whole chain and an empty one', () => {
    const entries = chainOf(5);
    expect(verifyChain(0, entries, headOf(entries))).toBeNull();
    expect(verifyChain(0, [], null)).toBeNull();
  });

  it('counts entries past the head as unconfirmed appends, and finds a head that does not match', () => {
    const entries = chainOf(5);
    const verifier = new ChainVerifier(0, { seq: 3, hash: entries[2]?.hash ?? '' });
    for (const entry of entries) expect(verifier.push(entry)).toBe(true);
    expect(verifier.finish()).toBeNull();
    expect(verifier.unconfirmed).toBe(2);
    expect(verifyChain(0, entries, { seq: 3, hash: 'f'.repeat(64) })).toEqual({
      chain: 0,
      seq: 3,
      problem: 'head-mismatch',
    });
  });

  it('finds an edited field of any entry', () => {
    const entries = chainOf(5);
    const edited = entries.map((e, i) => (i === 2 ? { ...e, targets: ['r-other'] } : e));
    expect(verifyChain(0, edited, headOf(entries))).toEqual({ chain: 0, seq: 3, problem: 'edited' });
  });

  it('finds a removed entry, a re-linked one and a cut tail', () => {
    const entries = chainOf(5);
    expect(
      verifyChain(
        0,
        entries.filter((e) => e.seq !== 2),
        headOf(entries),
      ),
    ).toEqual({
      chain: 0,
      seq: 2,
      problem: 'missing',
    });
    // Removing entry 2 and renumbering the rest: the links no longer match.
    const renumbered = entries
      .filter((e) => e.seq !== 2)
      .map((e) => (e.seq > 2 ? { ...e, seq: e.seq - 1 } : e));
    expect(verifyChain(0, renumbered, headOf(entries))?.problem).toBe('relinked');
    expect(verifyChain(0, entries.slice(0, 4), headOf(entries))).toEqual({
      chain: 0,
      seq: 5,
      problem: 'tail-removed',
    });
  });

  it('finds an entry whose hash was recomputed after an edit (the next link breaks)', () => {
    const entries = chainOf(4);
    const forged = chainedEntry(
      { ...recorded(2), payload: { ...recorded(2).payload, outcome: '404 x' } },
      0,
      { seq: 1, hash: entries[0]?.hash ?? '' },
    );
    const tampered = entries.map((e) => (e.seq === 2 ? forged : e));
    expect(verifyChain(0, tampered, headOf(entries))).toEqual({ chain: 0, seq: 3, problem: 'relinked' });
  });
});

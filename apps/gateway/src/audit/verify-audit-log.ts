import type { Db } from 'mongodb';
import { ChainVerifier, type ChainBreak } from './audit-chain.js';
import type { AuditChainHead, AuditEntry } from './audit-entry.schema.js';
import { headId } from './audit-keeper.js';
import { CHECKPOINT_COLLECTION, type AuditChainCheckpoint } from './audit-pruning.js';

export interface AuditVerification {
  chains: {
    chain: number;
    entries: number;
    unconfirmed: number;
    /** Entries pruned by retention (ADR 0020): the chain is verified from the last of them on. */
    pruned: number;
    break: ChainBreak | null;
  }[];
  ok: boolean;
}

/**
 * Checks every hash chain of the audit log, entry by entry, and each chain's
 * head: an edited, removed, reordered or re-linked entry, or a cut tail, shows
 * as a break with its chain and place. Reads the whole log: an offline check.
 */
export async function verifyAuditLog(db: Db): Promise<AuditVerification> {
  const entries = db.collection<AuditEntry>('audit_log');
  const heads = db.collection<AuditChainHead>('audit_chain_heads');
  const checkpoints = db.collection<AuditChainCheckpoint>(CHECKPOINT_COLLECTION);
  const chainIds = new Set<number>(await entries.distinct('chain'));
  for (const doc of [...(await heads.find({}).toArray()), ...(await checkpoints.find({}).toArray())]) {
    const match = /^chain-(\d+)$/.exec(doc._id);
    if (match) chainIds.add(Number(match[1]));
  }
  const chains: AuditVerification['chains'] = [];
  for (const chain of [...chainIds].sort((a, b) => a - b)) {
    const checkpoint = await checkpoints.findOne({ _id: headId(chain) });
    const verifier = new ChainVerifier(chain, await heads.findOne({ _id: headId(chain) }), checkpoint);
    let count = 0;
    for await (const entry of entries.find({ chain }).sort({ seq: 1 })) {
      count++;
      if (!verifier.push(entry)) break;
    }
    chains.push({
      chain,
      entries: count - verifier.awaitingDeletion,
      unconfirmed: verifier.unconfirmed,
      pruned: checkpoint?.seq ?? 0,
      break: verifier.finish(),
    });
  }
  return { chains, ok: chains.every((c) => c.break === null) };
}

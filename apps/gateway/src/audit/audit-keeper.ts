import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, isDuplicateKey, type HandlerContext } from '#anlao/messaging';
import { entryHash, GENESIS_HASH } from './audit-chain.js';
import { AuditChainHead, AuditEntry } from './audit-entry.schema.js';

type Recorded = EventEnvelope<'audit.recorded'>;

/** The entry an event becomes at a given place in its chain (hash included). */
export function chainedEntry(
  event: Recorded,
  chain: number,
  previous: { seq: number; hash: string },
): AuditEntry {
  const p = event.payload;
  const fields = {
    _id: event.id,
    chain,
    seq: previous.seq + 1,
    prevHash: previous.hash,
    at: new Date(event.occurredAt),
    service: event.source,
    action: p.action,
    auditClass: p.auditClass,
    actorKind: p.actor.kind,
    actorId: p.actor.id,
    actorRole: p.actor.role,
    via: p.actor.via,
    orgUnit: event.orgUnit,
    route: p.route,
    targets: p.targets,
    filter: p.filter,
    count: p.count,
    outcome: p.outcome,
    correlationId: event.correlationId,
  };
  return { ...fields, hash: entryHash(fields) };
}

export function headId(chain: number): string {
  return `chain-${chain}`;
}

/**
 * The one writer of the audit log: appends every `audit.recorded` event to the
 * hash chain of its partition. Each step reads the head, appends, moves the
 * head, all by `_id`; a step retried after a crash between append and head move
 * finds its own entry and only moves the head. A duplicate event (same id,
 * published twice by a relay) is not appended again.
 */
@Controller()
export class AuditKeeper {
  constructor(
    @InjectModel(AuditEntry.name) private readonly entries: Model<AuditEntry>,
    @InjectModel(AuditChainHead.name) private readonly heads: Model<AuditChainHead>,
  ) {}

  // Idempotent by the entry's _id: no inbox. One chain per partition, one writer per chain.
  @EventPattern<EventType>('audit.recorded', inGroup('gateway.audit-keeper', { inbox: false }))
  async recorded(@Payload() event: Recorded, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.append(event, ctx.partition);
  }

  async append(event: Recorded, chain: number): Promise<void> {
    const head = (await this.heads.findById(headId(chain)).lean<AuditChainHead>().exec()) ?? {
      seq: 0,
      hash: GENESIS_HASH,
    };
    const entry = chainedEntry(event, chain, head);
    try {
      await this.entries.create(entry);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.entries.findById(event.id).lean<AuditEntry>().exec();
      const isNextLink =
        existing !== null &&
        existing.chain === chain &&
        existing.seq === head.seq + 1 &&
        existing.prevHash === head.hash;
      // Already chained earlier (a re-published event): nothing to do.
      if (!isNextLink) return;
      entry.seq = existing.seq;
      entry.hash = existing.hash;
    }
    await this.heads
      .updateOne({ _id: headId(chain) }, { $set: { seq: entry.seq, hash: entry.hash } }, { upsert: true })
      .exec();
  }
}

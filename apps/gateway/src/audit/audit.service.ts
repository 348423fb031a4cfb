import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Principal, ScopedFilter } from '#anlao/auth';
import { AuditEntry } from './audit-entry.schema.js';

export interface AuditRecord {
  action: string;
  actor: Principal | { kind: 'anonymous'; subject?: string | null };
  orgUnit: string;
  target?: string | null;
  outcome: string;
  correlationId: string;
}

/** Where a principal's audit entries belong when the target names no place. */
export function orgUnitOf(actor: AuditRecord['actor'], fallback: string): string {
  return actor.kind === 'staff' ? actor.orgUnit : fallback;
}

@Injectable()
export class AuditLog {
  constructor(@InjectModel(AuditEntry.name) private readonly model: Model<AuditEntry>) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.model.create({
      at: new Date(),
      action: entry.action,
      actorKind: entry.actor.kind,
      actorId: entry.actor.subject ?? null,
      actorRole: 'role' in entry.actor ? entry.actor.role : null,
      orgUnit: entry.orgUnit,
      target: entry.target ?? null,
      outcome: entry.outcome,
      correlationId: entry.correlationId,
      via: 'tokenId' in entry.actor ? entry.actor.tokenId : null,
    });
  }

  async query(
    scope: ScopedFilter,
    filter: { action?: string; actorId?: string; before?: Date; limit: number },
  ): Promise<(AuditEntry & { _id: unknown })[]> {
    return this.model
      .find({
        ...scope,
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.actorId ? { actorId: filter.actorId } : {}),
        ...(filter.before ? { at: { $lt: filter.before } } : {}),
      })
      .sort({ at: -1 })
      .limit(filter.limit)
      .lean<(AuditEntry & { _id: unknown })[]>()
      .exec();
  }
}

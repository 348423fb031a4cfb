import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AuditTrail, type AuditActor, type ScopedFilter } from '#anlao/auth';
import { AuditEntry } from './audit-entry.schema.js';

/** A gateway use case's own audit fact: sign-ins, accounts, API clients. */
export interface AuditRecord {
  action: string;
  actor: AuditActor;
  orgUnit: string;
  target?: string | null;
  outcome: string;
  correlationId: string;
}

export interface AuditQueryFilter {
  action?: string;
  actorId?: string;
  target?: string;
  from?: Date;
  to?: Date;
  /** Paging: entries strictly older than this entry (its `at` and id). */
  before?: { at: Date; id: string };
  limit: number;
}

/** Where a principal's audit entries belong when the target names no place. */
export function orgUnitOf(actor: AuditActor, fallback: string): string {
  return actor.kind === 'staff' ? actor.orgUnit : fallback;
}

/**
 * The gateway's side of the audit trail: its use cases record through the same
 * outbox as every service (`AuditTrail`), and `GET /audit` reads the log that
 * the audit keeper appends to.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly trail: AuditTrail,
    @InjectModel(AuditEntry.name) private readonly model: Model<AuditEntry>,
  ) {}

  record(entry: AuditRecord): Promise<void> {
    return this.trail.record({
      action: entry.action,
      auditClass: entry.action.startsWith('auth.') ? 'auth' : 'admin',
      actor: entry.actor,
      orgUnit: entry.orgUnit,
      targets: entry.target ? [entry.target] : [],
      outcome: entry.outcome,
      correlationId: entry.correlationId,
    });
  }

  async query(scope: ScopedFilter, filter: AuditQueryFilter): Promise<AuditEntry[]> {
    const at: Record<string, Date> = {};
    if (filter.from) at.$gte = filter.from;
    if (filter.to) at.$lt = filter.to;
    const conditions: Record<string, unknown>[] = [{ ...scope }];
    if (filter.action) conditions.push({ action: filter.action });
    if (filter.actorId) conditions.push({ actorId: filter.actorId });
    if (filter.target) conditions.push({ targets: filter.target });
    if (Object.keys(at).length > 0) conditions.push({ at });
    if (filter.before) {
      conditions.push({
        $or: [{ at: { $lt: filter.before.at } }, { at: filter.before.at, _id: { $lt: filter.before.id } }],
      });
    }
    return this.model
      .find(conditions.length === 1 ? conditions[0] : { $and: conditions })
      .sort({ at: -1, _id: -1 })
      .limit(filter.limit)
      .lean<AuditEntry[]>()
      .exec();
  }
}

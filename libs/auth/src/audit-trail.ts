import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Schema, type Connection, type Model } from 'mongoose';
import { createEvent, type PayloadOf } from '#anlao/events';
import { addOutbox, MessagingRuntime, withEvents, type OutboxFields } from '#anlao/messaging';
import { CONFIG, type ServiceConfig } from '#anlao/platform';
import type { Principal } from './principal.js';

type AuditPayload = PayloadOf<'audit.recorded'>;
export type RecordedAuditClass = AuditPayload['auditClass'];

/** Who acted: a verified principal, or someone not (yet) signed in. */
export type AuditActor = Principal | { kind: 'anonymous'; subject?: string | null };

/** One audited fact, as a use case or the audit interceptor states it. */
export interface AuditFact {
  action: string;
  auditClass: RecordedAuditClass;
  actor: AuditActor;
  /** Where the entry belongs: auditors see the entries of their unit and below. */
  orgUnit: string;
  route?: string | null;
  targets?: string[];
  filter?: Record<string, string> | null;
  count?: number | null;
  outcome: string;
  correlationId: string;
}

/** Entries whose actor names no place (an API client issued before tokens carried one). */
export const UNPLACED_ORG_UNIT = 'unassigned';

/** The org unit an actor acts from, when the target names none. */
export function orgUnitOfActor(actor: AuditActor): string {
  if (actor.kind === 'anonymous') return UNPLACED_ORG_UNIT;
  return actor.orgUnit ?? UNPLACED_ORG_UNIT;
}

export function auditPayloadOf(fact: AuditFact): AuditPayload {
  const actor = fact.actor;
  return {
    action: fact.action,
    auditClass: fact.auditClass,
    actor: {
      kind: actor.kind,
      id: actor.subject ?? null,
      role: 'role' in actor ? actor.role : null,
      via: 'tokenId' in actor ? actor.tokenId : null,
    },
    route: fact.route ?? null,
    targets: (fact.targets ?? []).slice(0, 200),
    filter: fact.filter ?? null,
    count: fact.count ?? null,
    outcome: fact.outcome,
  };
}

type AuditQueueDoc = { _id: string } & OutboxFields;

// Untyped on purpose: a typed Schema here changes how TypeScript relates every Model to `OutboxModel`.
const AuditQueueSchema = addOutbox(new Schema({ _id: String }, { versionKey: false }));

/**
 * Records audit facts through this service's own outbox: the fact is stored
 * before the call it describes answers, and a relay publishes it to
 * `anlao.audit.v1` (then deletes it, so the queue holds only what is pending).
 * A direct call to a service is audited exactly like one through the gateway.
 */
@Injectable()
export class AuditTrail implements OnApplicationBootstrap {
  private readonly queue: Model<AuditQueueDoc>;

  constructor(
    @Inject(getConnectionToken()) connection: Connection,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    private readonly runtime: MessagingRuntime,
  ) {
    this.queue =
      (connection.models.AuditQueue as Model<AuditQueueDoc> | undefined) ??
      connection.model<AuditQueueDoc>('AuditQueue', AuditQueueSchema, 'audit_outbox');
  }

  onApplicationBootstrap(): void {
    this.runtime.startRelay([this.queue], { deleteWhenPublished: true });
  }

  async record(fact: AuditFact): Promise<void> {
    const event = createEvent({
      type: 'audit.recorded',
      source: this.config.SERVICE,
      subject: fact.actor.subject ?? 'anonymous',
      orgUnit: fact.orgUnit,
      correlationId: fact.correlationId,
      payload: auditPayloadOf(fact),
    });
    await this.queue.create({ _id: event.id, ...withEvents([event]) });
    this.runtime.notifyRelays();
  }
}

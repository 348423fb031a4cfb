import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The audit log: append-only (the code has no update or delete path), one hash
 * chain per partition of `anlao.audit.v1`, written only by the audit keeper.
 * `_id` is the event id, so a re-delivered event is never appended twice.
 * Ids, codes and route templates only: never names, ID numbers or request bodies.
 */
@Schema({ collection: 'audit_log', versionKey: false })
export class AuditEntry {
  /** The `audit.recorded` event id. */
  @Prop({ type: String, required: true })
  _id!: string;

  /** The chain (partition of the audit topic) and the entry's place in it, from 1. */
  @Prop({ type: Number, required: true })
  chain!: number;

  @Prop({ type: Number, required: true })
  seq!: number;

  @Prop({ type: String, required: true })
  prevHash!: string;

  /** sha256 over prevHash and every field below, in a fixed order (see audit-chain.ts). */
  @Prop({ type: String, required: true })
  hash!: string;

  @Prop({ type: Date, required: true })
  at!: Date;

  /** The service that served the call (the event's source). */
  @Prop({ type: String, required: true })
  service!: string;

  /** e.g. `personal-data.read`, `record.written`, `auth.sign-in`, `client.issued`. */
  @Prop({ type: String, required: true })
  action!: string;

  @Prop({ type: String, required: true })
  auditClass!: string;

  @Prop({ type: String, required: true, enum: ['staff', 'centre', 'organisation', 'anonymous'] })
  actorKind!: string;

  @Prop({ type: String, default: null })
  actorId!: string | null;

  @Prop({ type: String, default: null })
  actorRole!: string | null;

  /** The token (staff session or API client token) the call came with. */
  @Prop({ type: String, default: null })
  via!: string | null;

  /** Org unit the entry concerns (the target's, else the actor's): auditors see their unit's entries. */
  @Prop({ type: String, required: true })
  orgUnit!: string;

  /** Route template, e.g. `GET /residents/:residentId` (never the raw URL). */
  @Prop({ type: String, default: null })
  route!: string | null;

  /** Ids acted on or shown. */
  @Prop({ type: [String], default: [] })
  targets!: string[];

  /** For lists: the filter (personal values redacted) and how many records were shown. */
  @Prop({ type: Object, default: null })
  filter!: Record<string, string> | null;

  @Prop({ type: Number, default: null })
  count!: number | null;

  @Prop({ type: String, required: true })
  outcome!: string;

  @Prop({ type: String, required: true })
  correlationId!: string;
}

export const AuditEntrySchema = SchemaFactory.createForClass(AuditEntry);
// Serves GET /audit: find({ orgUnit: /^prefix/, action?, actorId?, targets?, at range }).sort({ at: -1, _id: -1 }).
AuditEntrySchema.index({ orgUnit: 1, at: -1 });
AuditEntrySchema.index({ actorId: 1, at: -1 });
AuditEntrySchema.index({ targets: 1, at: -1 });
// Serves audit:verify's walk of one chain in order.
AuditEntrySchema.index({ chain: 1, seq: 1 }, { unique: true });

/** The last entry of each chain: appended to by the keeper, checked by audit:verify (a cut tail shows). */
@Schema({ collection: 'audit_chain_heads', versionKey: false })
export class AuditChainHead {
  /** `chain-<partition>` */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, required: true })
  seq!: number;

  @Prop({ type: String, required: true })
  hash!: string;
}

export const AuditChainHeadSchema = SchemaFactory.createForClass(AuditChainHead);

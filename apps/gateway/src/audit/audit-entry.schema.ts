import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Append-only: the code has no update or delete path for this collection.
 * Ids and codes only, never names, ID numbers or request bodies.
 */
@Schema({ collection: 'audit_log', versionKey: false })
export class AuditEntry {
  @Prop({ type: Date, required: true })
  at!: Date;

  /** e.g. `auth.sign-in`, `auth.sign-in-failed`, `client.issued`, `http.write`, `resident.read`. */
  @Prop({ type: String, required: true })
  action!: string;

  @Prop({ type: String, required: true, enum: ['staff', 'centre', 'organisation', 'anonymous'] })
  actorKind!: string;

  @Prop({ type: String, default: null })
  actorId!: string | null;

  @Prop({ type: String, default: null })
  actorRole!: string | null;

  /** Org unit the entry concerns (the actor's, or the target's): auditors see their unit's entries. */
  @Prop({ type: String, required: true })
  orgUnit!: string;

  /** What was acted on: ids and paths, e.g. `POST /api/centres/centres/c-1/visits`. */
  @Prop({ type: String, default: null })
  target!: string | null;

  @Prop({ type: String, required: true })
  outcome!: string;

  @Prop({ type: String, required: true })
  correlationId!: string;

  /** The API client or staff session the request came from. */
  @Prop({ type: String, default: null })
  via!: string | null;
}

export const AuditEntrySchema = SchemaFactory.createForClass(AuditEntry);
// Serves GET /audit: find({ orgUnit: /^prefix/, action?, actorId? }).sort({ at: -1 }).
AuditEntrySchema.index({ orgUnit: 1, at: -1 });
AuditEntrySchema.index({ actorId: 1, at: -1 });

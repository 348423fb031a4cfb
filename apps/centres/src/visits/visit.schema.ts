import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type { VisitActivity, VisitVoidReason } from '#anlao/events';

@Schema({
  collection: 'visits',
  timestamps: { createdAt: 'receivedAt', updatedAt: false },
  versionKey: false,
})
export class Visit {
  /** `${centreId}:${visitId}`: the centre's own id makes a resubmission hit the same document. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  centreId!: string;

  @Prop({ type: String, required: true })
  visitId!: string;

  @Prop({ type: String, required: true })
  residentId!: string;

  @Prop({ type: String, required: true })
  activity!: VisitActivity;

  @Prop({ type: Date, required: true })
  checkInAt!: Date;

  @Prop({ type: Date, default: null })
  checkOutAt!: Date | null;

  /** The request's outbox intent that published `visit.recorded` (ADR 0024); null on older visits. */
  @Prop({ type: String, default: null })
  batchId!: string | null;

  /** City-local day of the check-in (YYYY-MM-DD): the equality key of every by-day query. */
  @Prop({ type: String, required: true })
  day!: string;

  /** Set when staff void the visit: it stays stored (the id stays taken) but counts nowhere. */
  @Prop({ type: Date, default: null })
  voidedAt!: Date | null;

  @Prop({ type: String, default: null })
  voidReason!: VisitVoidReason | null;

  /** Staff's free-text note on the void: kept here only, never in an event or a log. */
  @Prop({ type: String, default: null })
  voidNote!: string | null;

  /** Staff id of who voided it (an id, never a name). */
  @Prop({ type: String, default: null })
  voidedBy!: string | null;

  /** Hash of the reported facts: tells a harmless resubmission from a reused id. */
  @Prop({ type: String, required: true })
  fingerprint!: string;
}

export const VisitSchema = addOutbox(SchemaFactory.createForClass(Visit));
// Serves a centre's visits of one day (lists, occupancy, CSV export): find({ centreId, day }), equality only
// (FerretDB pushes equality down to its GIN twins, never a range: ADR 0013).
VisitSchema.index({ centreId: 1, day: 1 });
// Serves a resident's visit history (GET /residents/{residentId}/visits): find({ residentId }), equality only.
VisitSchema.index({ residentId: 1 });

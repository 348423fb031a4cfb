import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type { VisitActivity } from '#anlao/events';

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

  /** Hash of the reported facts: tells a harmless resubmission from a reused id. */
  @Prop({ type: String, required: true })
  fingerprint!: string;
}

export const VisitSchema = addOutbox(SchemaFactory.createForClass(Visit));
// Serves a centre's visit list over time: find({ centreId, checkInAt: range }).sort({ checkInAt: -1 }).
VisitSchema.index({ centreId: 1, checkInAt: -1 });

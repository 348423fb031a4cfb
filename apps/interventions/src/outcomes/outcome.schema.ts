import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type { PayloadOf } from '#anlao/events';

/** A programme's submitted outcome (`_id` = programmeId): the aggregate figures as published. */
@Schema({ collection: 'outcomes', timestamps: true, versionKey: false, minimize: false })
export class Outcome {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Object, required: true }) figures!: PayloadOf<'outcome.submitted'>;
  /** Digest of the figures: submitting the same again publishes nothing. */
  @Prop({ type: String, required: true }) contentHash!: string;
  @Prop({ type: Date, required: true }) submittedAt!: Date;
  @Prop({ type: Number, required: true }) revision!: number;
}

export const OutcomeSchema = addOutbox(SchemaFactory.createForClass(Outcome));

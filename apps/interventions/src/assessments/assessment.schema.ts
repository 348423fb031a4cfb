import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';

export type Phase = 'pre' | 'post';

/**
 * A member's answers to the programme's instrument before or after it (`programmeId:residentId:phase`).
 * The item answers stay here; events carry ids and codes only.
 */
@Schema({ collection: 'assessments', timestamps: true, versionKey: false, minimize: false })
export class Assessment {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) programmeId!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  @Prop({ type: String, required: true }) phase!: Phase;
  @Prop({ type: String, required: true }) instrument!: string;
  @Prop({ type: String, required: true }) assessedOn!: string;
  @Prop({ type: Object, required: true }) answers!: Record<string, unknown>;
  /** Per dimension: the mean item score after reverse scoring. */
  @Prop({ type: Object, required: true }) dimensions!: Record<string, number>;
  @Prop({ type: Object, required: true }) categorical!: Record<string, string[]>;
  /** Digest of the answers and day: the same again is a duplicate, other answers a conflict. */
  @Prop({ type: String, required: true }) fingerprint!: string;
}

export const AssessmentSchema = addOutbox(SchemaFactory.createForClass(Assessment));
// Serves a programme's outcome report: its assessments (two per member) by equality.
AssessmentSchema.index({ programmeId: 1 });

export const assessmentIdOf = (programmeId: string, residentId: string, phase: Phase) =>
  `${programmeId}:${residentId}:${phase}`;

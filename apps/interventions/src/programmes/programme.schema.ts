import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type { InterventionTheory, PriorityGroup, ProgrammeStatus } from '#anlao/events';

/**
 * A group-work programme run by a social organisation (ADR 0028). Its id is derived from the
 * organisation and its Idempotency-Key; every change is conditional on `revision` and carries its
 * event in the same write (outbox).
 */
@Schema({ collection: 'programmes', timestamps: true, versionKey: false, minimize: false })
export class Programme {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) providerId!: string;
  @Prop({ type: String, default: null }) contractId!: string | null;
  /** The community (or street) it serves: staff scope and members' area. */
  @Prop({ type: String, required: true }) communityPath!: string;
  /** The organisation's own title (kept here, never in an event). */
  @Prop({ type: String, required: true }) title!: string;
  @Prop({ type: String, required: true }) theme!: string;
  @Prop({ type: [String], required: true }) theories!: InterventionTheory[];
  @Prop({ type: Object, required: true }) targetGroups!: {
    eligibilityCategories: string[];
    priorityGroups: PriorityGroup[];
  };
  @Prop({ type: Number, required: true }) plannedSessions!: number;
  @Prop({ type: String, required: true }) facilitatorWorkerId!: string;
  /** `code@version` of the instrument its pre and post assessments use. */
  @Prop({ type: String, required: true }) instrument!: string;
  /** Completing = attending at least this many sessions. */
  @Prop({ type: Number, required: true }) minSessionsAttended!: number;
  @Prop({ type: String, required: true }) status!: ProgrammeStatus;
  /** Digest of the registration body: the same key with another body is a conflict. */
  @Prop({ type: String, required: true }) fingerprint!: string;
  @Prop({ type: Number, required: true }) revision!: number;
}

export const ProgrammeSchema = addOutbox(SchemaFactory.createForClass(Programme));
// Serve the scoped lists (ADR 0013): a provider's own by equality, staff by an anchored prefix.
ProgrammeSchema.index({ providerId: 1 });
ProgrammeSchema.index({ communityPath: 1 });

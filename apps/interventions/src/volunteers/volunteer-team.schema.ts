import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A volunteer team of residents run by a social organisation (seed 002). Its id is derived from
 * the organisation and its Idempotency-Key. The event catalog names no team event, so it has no
 * outbox (nothing would ever wait in it); a change is conditional on `revision`.
 */
@Schema({ collection: 'volunteer_teams', timestamps: true, versionKey: false, minimize: false })
export class VolunteerTeam {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) providerId!: string;
  /** The community (or street) it serves: staff scope and its volunteers' area. */
  @Prop({ type: String, required: true }) communityPath!: string;
  /** The organisation's own name for the team (kept here, never in an event). */
  @Prop({ type: String, required: true }) name!: string;
  /**
   * The organisation's programme whose pre/post assessments (`volunteer-service-capacity@1`) are
   * the team's capacity assessment; null when the team has none (yet).
   */
  @Prop({ type: String, default: null }) capacityProgrammeId!: string | null;
  /** Digest of the registration body: the same key with another body is a conflict. */
  @Prop({ type: String, required: true }) fingerprint!: string;
  @Prop({ type: Number, required: true }) revision!: number;
}

export const VolunteerTeamSchema = SchemaFactory.createForClass(VolunteerTeam);
// Serve the scoped lists (ADR 0013): a provider's own by equality, staff by an anchored prefix.
VolunteerTeamSchema.index({ providerId: 1 });
VolunteerTeamSchema.index({ communityPath: 1 });

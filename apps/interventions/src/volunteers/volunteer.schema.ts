import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export interface Training {
  /** A training's code (kebab-case), e.g. `first-aid-basics`. */
  code: string;
  attendedOn: string;
}

/**
 * A resident in a volunteer team (`teamId:residentId`) with their skills and the trainings they
 * attended. A volunteer learns: the profile is replaced as a whole, conditional on `revision`.
 * No event is published for it (the catalog names none), so it has no outbox.
 */
@Schema({ collection: 'volunteers', timestamps: true, versionKey: false, minimize: false })
export class Volunteer {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) teamId!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  /** The volunteer's community when they joined. */
  @Prop({ type: String, required: true }) communityPath!: string;
  /** Skill codes (kebab-case), sorted, each once. */
  @Prop({ type: [String], required: true }) skills!: string[];
  /** Sorted by day then code, each once. */
  @Prop({ type: [Object], required: true }) trainings!: Training[];
  @Prop({ type: Number, required: true }) revision!: number;
}

export const VolunteerSchema = SchemaFactory.createForClass(Volunteer);
// Serves a team's volunteer list and the check that an hours log names one of them.
VolunteerSchema.index({ teamId: 1 });

export const volunteerIdOf = (teamId: string, residentId: string) => `${teamId}:${residentId}`;

/** A team is about ten residents; more than this is a typing error or another team. */
export const MAX_VOLUNTEERS = 60;

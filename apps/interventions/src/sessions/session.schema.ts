import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';

/** One held session (`programmeId:sessionNo`); its process notes stay here, never in an event. */
@Schema({ collection: 'programme_sessions', timestamps: true, versionKey: false, minimize: false })
export class Session {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) programmeId!: string;
  @Prop({ type: Number, required: true }) sessionNo!: number;
  @Prop({ type: String, required: true }) heldOn!: string;
  @Prop({ type: String, required: true }) topic!: string;
  @Prop({ type: String, required: true }) facilitatorWorkerId!: string;
  /** Enrolled members present, by resident id, sorted. */
  @Prop({ type: [String], required: true }) attendeeIds!: string[];
  @Prop({ type: String, default: null }) notes!: string | null;
}

export const SessionSchema = addOutbox(SchemaFactory.createForClass(Session));
// Serves a programme's sessions (at most 52) for attendance and the completion rule.
SessionSchema.index({ programmeId: 1 });

export const sessionIdOf = (programmeId: string, sessionNo: number) => `${programmeId}:${sessionNo}`;

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';

/**
 * One submission of service hours (`teamId:logId`), written once with its
 * `volunteer.hours-logged` event (outbox). Totals are folded from these documents when read:
 * no counter is ever read, changed and written back, so each key has exactly one writer.
 */
@Schema({ collection: 'volunteer_hours', timestamps: true, versionKey: false, minimize: false })
export class HoursLog {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) teamId!: string;
  /** The organisation's own id of the submission (the PUT path's). */
  @Prop({ type: String, required: true }) logId!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  /** What was done, a kebab-case code (`companionship`, `phone-help`, `patrol` …). */
  @Prop({ type: String, required: true }) activity!: string;
  @Prop({ type: String, required: true }) servedOn!: string;
  @Prop({ type: Number, required: true }) minutes!: number;
}

export const HoursLogSchema = addOutbox(SchemaFactory.createForClass(HoursLog));
// Serves the team's totals: its logs by equality on teamId, read in pages of HOURS_PAGE.
HoursLogSchema.index({ teamId: 1 });

export const hoursLogIdOf = (teamId: string, logId: string) => `${teamId}:${logId}`;

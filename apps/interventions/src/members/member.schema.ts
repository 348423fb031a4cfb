import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';

export type WithdrawReason = 'moved-away' | 'ill-health' | 'lost-interest' | 'deceased' | 'other';

/** A resident in a programme (`programmeId:residentId`); enrolment and withdrawal are events. */
@Schema({ collection: 'programme_members', timestamps: true, versionKey: false, minimize: false })
export class Member {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) programmeId!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  /** The member's community when enrolled. */
  @Prop({ type: String, required: true }) communityPath!: string;
  @Prop({ type: String, required: true }) status!: 'enrolled' | 'withdrawn';
  @Prop({ type: String, default: null }) withdrawReason!: WithdrawReason | null;
  @Prop({ type: Number, required: true }) revision!: number;
}

export const MemberSchema = addOutbox(SchemaFactory.createForClass(Member));
// Serves a programme's member list, its sessions' attendance check and its outcome report.
MemberSchema.index({ programmeId: 1 });

export const memberIdOf = (programmeId: string, residentId: string) => `${programmeId}:${residentId}`;

/** A programme is a group of about ten; more than this is a typing error or another programme. */
export const MAX_MEMBERS = 40;

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ResidentProfile } from './resident-profile.js';

@Schema({ collection: 'resident_profiles', versionKey: false, minimize: false })
export class ResidentProfileDoc implements ResidentProfile {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) communityPath!: string;
  @Prop({ type: String, required: true }) birthYearMonth!: string;
  @Prop({ type: String, required: true }) hukou!: ResidentProfile['hukou'];
  @Prop({ type: String, required: true }) livingArrangement!: ResidentProfile['livingArrangement'];
  @Prop({ type: String, required: true }) familyStatus!: ResidentProfile['familyStatus'];
  @Prop({ type: String, required: true }) economicStatus!: ResidentProfile['economicStatus'];
  @Prop({ type: [String], required: true }) categories!: string[];
  @Prop({ type: [Object], required: true }) eligibility!: ResidentProfile['eligibility'];
  @Prop({ type: String, default: null }) diedOn!: string | null;
}
export const ResidentProfileSchema = SchemaFactory.createForClass(ResidentProfileDoc);

/**
 * A month in which a resident was served at least once (`residentId:YYYY-MM`): written once, by the
 * first visit, delivery or attended session of that month, so an elder counts once however often
 * served and a redelivered event changes nothing. The coverage counters of [9/11] build on it.
 */
@Schema({ collection: 'served_months', versionKey: false })
export class ServedMonth {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  @Prop({ type: String, required: true }) month!: string;
  /** The first service of the month: `visit`, `delivery` or `session`, and its instant or day. */
  @Prop({ type: String, required: true }) firstBy!: 'visit' | 'delivery' | 'session';
  @Prop({ type: String, required: true }) firstAt!: string;
}
export const ServedMonthSchema = SchemaFactory.createForClass(ServedMonth);

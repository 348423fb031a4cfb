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
  @Prop({ type: String, default: null }) lastServedAt!: string | null;
}
export const ResidentProfileSchema = SchemaFactory.createForClass(ResidentProfileDoc);
// Serves the at-risk list of one community: find({ communityPath }) (a community holds a few thousand elders).
ResidentProfileSchema.index({ communityPath: 1 });

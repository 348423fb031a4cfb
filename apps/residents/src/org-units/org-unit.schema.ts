import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';

export const ORG_LEVELS = ['city', 'district', 'street', 'community'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** city → district → street → community, each with a stable code and its path from the city. */
@Schema({ collection: 'org_units', timestamps: true, versionKey: false })
export class OrgUnit {
  /** The stable code, e.g. `210102001`. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true, enum: ORG_LEVELS })
  level!: OrgLevel;

  @Prop({ type: String, default: null })
  parentCode!: string | null;

  /** Codes from the city down, joined by dots: what scopes are compared against. */
  @Prop({ type: String, required: true })
  path!: string;
}

export const OrgUnitSchema = addOutbox(SchemaFactory.createForClass(OrgUnit));
// Serves GET /org-units (a subtree): find({ path: /^prefix(\.|$)/ }).sort({ path: 1 }).
OrgUnitSchema.index({ path: 1 });

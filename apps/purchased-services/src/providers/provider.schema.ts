import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';

export interface ProviderContact {
  /** The organisation's contact person: personal data, kept here only (never in events or logs). */
  name: string;
  phone: string;
}

/** A social organisation the city buys services from. */
@Schema({ collection: 'providers', timestamps: true, versionKey: false })
export class Provider {
  /** The provider's id, chosen by the city; also the `organisationId` of its API client. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  name!: string;

  /** Unified social credit code (统一社会信用代码), unique. */
  @Prop({ type: String, required: true })
  creditCode!: string;

  /** Org-unit path of the civil-affairs unit it is registered with. */
  @Prop({ type: String, required: true })
  registeredOrgUnit!: string;

  /** Org-unit paths where it works, sorted, none inside another. */
  @Prop({ type: [String], required: true })
  operatingAreas!: string[];

  @Prop({ type: Object, required: true })
  contact!: ProviderContact;

  /** Optimistic concurrency: every change is conditional on the revision it read. */
  @Prop({ type: Number, required: true })
  revision!: number;
}

export const ProviderSchema = addOutbox(SchemaFactory.createForClass(Provider));
// Serves staff lists: find({ $or: [registeredOrgUnit prefix, operatingAreas prefix, operatingAreas $in ancestors] }).
ProviderSchema.index({ registeredOrgUnit: 1 });
ProviderSchema.index({ operatingAreas: 1 });
// One registration per organisation: a second provider id for the same credit code is a conflict.
ProviderSchema.index({ creditCode: 1 }, { unique: true });

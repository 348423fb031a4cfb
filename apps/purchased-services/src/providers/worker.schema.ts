import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type { ProviderWorkerRole, SocialWorkLicence } from '#anlao/events';

/** A provider's worker or contact person. Its own document: a provider may have hundreds. */
@Schema({ collection: 'provider_workers', timestamps: true, versionKey: false })
export class ProviderWorker {
  /** `providerId:workerId`. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  providerId!: string;

  @Prop({ type: String, required: true })
  workerId!: string;

  /** Personal data: kept here only. */
  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  role!: ProviderWorkerRole;

  @Prop({ type: String, required: true })
  licence!: SocialWorkLicence;

  /** Org-unit path of the street the worker covers. */
  @Prop({ type: String, required: true })
  streetPath!: string;

  @Prop({ type: Boolean, required: true })
  active!: boolean;

  @Prop({ type: Number, required: true })
  revision!: number;
}

export const ProviderWorkerSchema = addOutbox(SchemaFactory.createForClass(ProviderWorker));
// Serves a provider's staff list: find({ providerId }) sorted by _id.
ProviderWorkerSchema.index({ providerId: 1, _id: 1 });
// Serves licensed contact persons per street: find({ streetPath: /^unit/ }).
ProviderWorkerSchema.index({ streetPath: 1 });

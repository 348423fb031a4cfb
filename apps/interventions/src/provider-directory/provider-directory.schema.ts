import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** What interventions knows of a provider from purchased-services' events: where it works. */
@Schema({ collection: 'provider_copies', versionKey: false })
export class ProviderCopy {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: [String], required: true }) operatingAreas!: string[];
}
export const ProviderCopySchema = SchemaFactory.createForClass(ProviderCopy);

/** A provider's worker (`providerId:workerId`): a facilitator must be an active one. */
@Schema({ collection: 'worker_copies', versionKey: false })
export class WorkerCopy {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Boolean, required: true }) active!: boolean;
  @Prop({ type: String, required: true }) licence!: string;
}
export const WorkerCopySchema = SchemaFactory.createForClass(WorkerCopy);

/** A contract's parties and places: a programme under a contract runs for its provider, in its areas. */
@Schema({ collection: 'contract_copies', versionKey: false })
export class ContractCopy {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) providerId!: string;
  @Prop({ type: [String], required: true }) areas!: string[];
  @Prop({ type: String, required: true }) status!: 'active' | 'closed';
}
export const ContractCopySchema = SchemaFactory.createForClass(ContractCopy);

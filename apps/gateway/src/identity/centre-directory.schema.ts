import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Read model of `centre.registered`: staff may issue credentials only for centres of their unit. */
@Schema({ collection: 'centre_directory', versionKey: false })
export class CentreEntry {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  communityPath!: string;
}

export const CentreEntrySchema = SchemaFactory.createForClass(CentreEntry);

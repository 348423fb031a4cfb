import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Projection of `centre.registered`: where each centre is, to scope report queries. */
@Schema({ collection: 'centre_directory', versionKey: false })
export class CentreDirectoryEntry {
  /** The centre id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  communityPath!: string;
}

export const CentreDirectorySchema = SchemaFactory.createForClass(CentreDirectoryEntry);

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** The consumer group that keeps the directory. */
export const CENTRE_DIRECTORY_GROUP = 'gateway.centre-directory';

/**
 * Read model of the centre events: staff may issue credentials only for active centres of their unit.
 * `centre.updated` may move a centre to another community; `centre.deactivated` stops new clients.
 */
@Schema({ collection: 'centre_directory', versionKey: false })
export class CentreEntry {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  communityPath!: string;

  /** Absent on entries written before deactivation existed: active. */
  @Prop({ type: String, default: 'active' })
  status!: 'active' | 'inactive';
}

export const CentreEntrySchema = SchemaFactory.createForClass(CentreEntry);

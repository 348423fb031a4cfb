import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { CentreKind } from '#anlao/events';

export const CENTRE_DIRECTORY = 'centre_directory';

/**
 * Projection of the centre events: where each centre is (the scope of its visit counts) and what
 * it offers (kind, capacity, operator, active or not: the supply side of the city-wide reports).
 * Fields other than `communityPath` are absent on entries built from events that lacked them.
 * Written and read with the driver in a generation's database (ADR 0030).
 */
@Schema({ collection: CENTRE_DIRECTORY, versionKey: false })
export class CentreDirectoryEntry {
  /** The centre id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  communityPath!: string;

  @Prop({ type: String })
  kind?: CentreKind;

  @Prop({ type: Number })
  capacity?: number;

  @Prop({ type: String, default: null })
  operatorId?: string | null;

  @Prop({ type: String, default: 'active' })
  status?: 'active' | 'inactive';
}

export const CentreDirectorySchema = SchemaFactory.createForClass(CentreDirectoryEntry);

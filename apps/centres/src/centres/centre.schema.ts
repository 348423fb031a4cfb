import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import { addOutbox, type OutboxFields } from '#anlao/messaging';
import type { CentreKind } from '#anlao/events';

@Schema({ collection: 'centres', timestamps: true, versionKey: false })
export class Centre {
  /** The centre's code, issued by the city. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  kind!: CentreKind;

  /** Org-unit path of the community it serves (city.district.street.community). */
  @Prop({ type: String, required: true })
  communityPath!: string;

  @Prop({ type: Number, required: true })
  capacity!: number;

  /** Visits of residents living outside `communityPath` are refused (`resident.outside-area`). */
  @Prop({ type: Boolean, default: false })
  communityOnly!: boolean;
}

export type CentreDocument = HydratedDocument<Centre & OutboxFields>;
export const CentreSchema = addOutbox(SchemaFactory.createForClass(Centre));
// Serves listing a staff member's subtree: find({ communityPath: /^prefix/ }).
CentreSchema.index({ communityPath: 1 });

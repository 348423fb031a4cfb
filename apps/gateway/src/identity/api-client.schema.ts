import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';

/** A centre's or a social organisation's credentials, issued by staff. */
@Schema({ collection: 'api_clients', timestamps: true, versionKey: false })
export class ApiClient {
  /** The client id (`cli_…`), public. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true, enum: ['centre', 'organisation'] })
  kind!: 'centre' | 'organisation';

  @Prop({ type: String, default: null })
  centreId!: string | null;

  @Prop({ type: String, default: null })
  organisationId!: string | null;

  /** Where the client belongs: staff of this unit and above manage it. */
  @Prop({ type: String, required: true })
  orgUnit!: string;

  /** sha256 of the secret; the secret itself is shown once, at issue or rotation. */
  @Prop({ type: String, required: true })
  secretDigest!: string;

  @Prop({ type: Number, required: true, default: 1 })
  credentialVersion!: number;

  @Prop({ type: String, required: true, default: 'active', enum: ['active', 'revoked'] })
  status!: 'active' | 'revoked';

  @Prop({ type: String, required: true })
  issuedBy!: string;
}

export const ApiClientSchema = addOutbox(SchemaFactory.createForClass(ApiClient));
// Serves the scoped client list: find({ orgUnit: /^prefix/ }).sort({ _id: 1 }).
ApiClientSchema.index({ orgUnit: 1, _id: 1 });
// Serves revoking a deactivated centre's clients: find({ centreId, status: 'active' }).
ApiClientSchema.index({ centreId: 1 });

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A refresh token, stored by digest only. Rotated on every use; a reused one revokes the account's tokens. */
@Schema({ collection: 'sessions', versionKey: false })
export class Session {
  /** sha256 of the refresh token. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  staffId!: string;

  @Prop({ type: Number, required: true })
  credentialVersion!: number;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  usedAt!: Date | null;

  /** UTC day of `expiresAt`: pruning finds sessions past retention by it (ADR 0020). */
  @Prop({ type: String, required: true })
  expiresDay!: string;
}

export const SessionSchema = SchemaFactory.createForClass(Session);
// Serves the retention pass: find({ expiresDay }) per expired day (an equality, never a range scan).
SessionSchema.index({ expiresDay: 1 });

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A counted failed sign-in (`kind: 'slot'`, `_id` `<account>:<epoch>:<k>`) or the
 * end of an epoch of failures (`kind: 'end'`, `_id` `<account>:<epoch>:end`).
 * Only ever inserted and deleted, never updated: the unique `_id` is what makes
 * counting exact under concurrency (see lockout.ts and ADR 0010).
 */
@Schema({ collection: 'sign_in_failures', versionKey: false })
export class SignInFailure {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  accountId!: string;

  @Prop({ type: Number, required: true })
  epoch!: number;

  @Prop({ type: String, required: true, enum: ['slot', 'end'] })
  kind!: 'slot' | 'end';

  @Prop({ type: String, default: null, enum: ['locked', 'signed-in', 'reset', null] })
  reason!: 'locked' | 'signed-in' | 'reset' | null;

  @Prop({ type: Date, default: null })
  lockedUntil!: Date | null;

  @Prop({ type: Date, required: true })
  at!: Date;
}

export const SignInFailureSchema = SchemaFactory.createForClass(SignInFailure);
// Serves the lock state read on every sign-in: find({ accountId, kind: 'end' }).sort({ epoch: -1 }).limit(1).
SignInFailureSchema.index({ accountId: 1, kind: 1, epoch: -1 });

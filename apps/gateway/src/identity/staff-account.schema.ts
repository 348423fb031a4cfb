import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { STAFF_ROLES, type StaffRole } from '#anlao/auth';
import { addOutbox } from '#anlao/messaging';

@Schema({ collection: 'staff_accounts', timestamps: true, versionKey: false })
export class StaffAccount {
  @Prop({ type: String, required: true })
  _id!: string;

  /** Lower-case sign-in name. */
  @Prop({ type: String, required: true })
  username!: string;

  @Prop({ type: String, required: true })
  passwordHash!: string;

  @Prop({ type: String, required: true, enum: STAFF_ROLES })
  role!: StaffRole;

  /** Org-unit path: the account sees this unit and everything below it. */
  @Prop({ type: String, required: true })
  orgUnit!: string;

  /** Tokens carry it as `ver`; raising it revokes every token issued before. */
  @Prop({ type: Number, required: true, default: 1 })
  credentialVersion!: number;

  /** Set by an administrator's password reset: the next sign-in must replace the one-time password. */
  @Prop({ type: Boolean, required: true, default: false })
  mustChangePassword!: boolean;

  @Prop({ type: String, required: true, default: 'active', enum: ['active', 'disabled'] })
  status!: 'active' | 'disabled';
}

export const StaffAccountSchema = addOutbox(SchemaFactory.createForClass(StaffAccount));
// Serves sign-in: findOne({ username }); unique, so a name is never taken twice.
StaffAccountSchema.index({ username: 1 }, { unique: true });
// Serves the scoped staff list: find({ orgUnit: /^prefix/ }).
StaffAccountSchema.index({ orgUnit: 1 });

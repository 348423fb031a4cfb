import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** The `_id` of the daily job's one state document. */
export const DAILY_ELIGIBILITY_STATE_ID = 'daily-eligibility';

/** How far the daily eligibility job has come: one document, read and written by `_id`. */
@Schema({ collection: 'eligibility_daily_state', timestamps: true, versionKey: false })
export class DailyEligibilityState {
  @Prop({ type: String, required: true }) _id!: string;
  /** The last day whose assessment completed; every day after it is still owed. */
  @Prop({ type: String, required: true }) lastCompletedDay!: string;
}

export const DailyEligibilityStateSchema = SchemaFactory.createForClass(DailyEligibilityState);

/** One completed day of the daily job, by day (`_id`): what it did, for operators. */
@Schema({ collection: 'eligibility_daily_runs', timestamps: true, versionKey: false })
export class DailyEligibilityRun {
  /** The day assessed, `YYYY-MM-DD`. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) trigger!: string;
  @Prop({ type: Number, required: true }) assessed!: number;
  @Prop({ type: Number, required: true }) changed!: number;
  /** Whether it ran late: after the day itself, on catching up. */
  @Prop({ type: Boolean, required: true }) caughtUp!: boolean;
}

export const DailyEligibilityRunSchema = SchemaFactory.createForClass(DailyEligibilityRun);

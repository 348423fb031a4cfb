import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ProgrammeStatus } from '#anlao/events';
import type {
  Counted,
  MemberState,
  OutcomeState,
  ProgrammeState,
  Registration,
  SessionState,
} from './programme-state.js';

/**
 * One programme (`programmeId`): the facts its events brought (members and sessions are bounded by
 * one group) and what its counters hold for it (`counted`). Written by the interventions lane only;
 * read by `_id` only.
 */
@Schema({ collection: 'intervention_programmes', versionKey: false, minimize: false })
export class InterventionProgrammeDoc implements ProgrammeState {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Object, default: null }) registration!: Registration | null;
  @Prop({ type: String, default: null }) providerId!: string | null;
  @Prop({ type: String, required: true }) status!: ProgrammeStatus;
  @Prop({ type: Object, required: true }) statusAt!: Partial<Record<ProgrammeStatus, string>>;
  @Prop({ type: [Object], required: true }) members!: MemberState[];
  @Prop({ type: [Object], required: true }) sessions!: SessionState[];
  @Prop({ type: Object, default: null }) outcome!: OutcomeState | null;
  @Prop({ type: Object, default: null }) counted!: Counted | null;
}
export const InterventionProgrammeSchema = SchemaFactory.createForClass(InterventionProgrammeDoc);

/** An hours log counted once (`teamId:logId`). Read by `_id` only. */
@Schema({ collection: 'intervention_hours_logs', versionKey: false })
export class InterventionHoursLogDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) teamId!: string;
  @Prop({ type: String, required: true }) providerId!: string;
  @Prop({ type: String, required: true }) path!: string;
  @Prop({ type: String, required: true }) month!: string;
  @Prop({ type: Number, required: true }) minutes!: number;
}
export const InterventionHoursLogSchema = SchemaFactory.createForClass(InterventionHoursLogDoc);

/**
 * The counters of one org unit in one month (`unit:YYYY-MM`): `all.<figure>`,
 * `theme.<code>.<figure>`, `theory.<theory>.<figure>` (see `programme-counting.ts`) and
 * `volunteers.{minutes,logs}`. `seq` is the lane's step that last incremented it (the exactly-once guard).
 */
@Schema({ collection: 'intervention_counters', versionKey: false, minimize: false, strict: false })
export class InterventionCounterDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) unit!: string;
  @Prop({ type: String, required: true }) month!: string;
  /** `parentUnit:YYYY-MM` (null for the city): drill-down reads a unit's children per month. */
  @Prop({ type: String, default: null }) parentMonth!: string | null;
  @Prop({ type: Number, required: true }) seq!: number;
}
export const InterventionCounterSchema = SchemaFactory.createForClass(InterventionCounterDoc);
// Serves drill-down: find({ parentMonth: { $in: <the range's months> } }) — one unit's children over
// at most 24 months (tens of documents per month).
InterventionCounterSchema.index({ parentMonth: 1 });

/**
 * The outcomes report's lists (`u|unit|theme|programmeId`, `p|providerId|theme|programmeId`, `*` for
 * every theme): paged by `_id` range, so no other index is needed.
 */
@Schema({ collection: 'intervention_outcome_lists', versionKey: false })
export class InterventionOutcomeListDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) programmeId!: string;
}
export const InterventionOutcomeListSchema = SchemaFactory.createForClass(InterventionOutcomeListDoc);

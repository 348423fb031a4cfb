import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Contribution, ResidentMonth } from './resident-month.js';

/** One elder in one month (`residentId:YYYY-MM`); written by the coverage lane only. */
@Schema({ collection: 'resident_months', versionKey: false, minimize: false })
export class ResidentMonthDoc implements ResidentMonth {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  @Prop({ type: String, required: true }) month!: string;
  @Prop({ type: [String], required: true }) visits!: string[];
  @Prop({ type: [String], required: true }) voided!: string[];
  @Prop({ type: [String], required: true }) deliveries!: string[];
  @Prop({ type: [String], required: true }) sessions!: string[];
  @Prop({ type: String, default: null }) firstServedAt!: string | null;
  @Prop({ type: String, default: null }) lastServedAt!: string | null;
  @Prop({ type: Object, required: true }) counted!: Contribution;
}
export const ResidentMonthSchema = SchemaFactory.createForClass(ResidentMonthDoc);

/**
 * The counters of one org unit in one month (`unit:YYYY-MM`): `eligible.<group>`, `served.<group>`
 * (eligible and served), `reached`, `services.{visits,deliveries,sessions}`. Read by `_id` only;
 * `seq` is the coverage lane's step that last incremented it (the exactly-once guard).
 */
@Schema({ collection: 'coverage', versionKey: false, minimize: false, strict: false })
export class CoverageCounterDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) unit!: string;
  @Prop({ type: String, required: true }) month!: string;
  /** `parentUnit:YYYY-MM` (null for the city): drill-down reads a unit's children in one look-up. */
  @Prop({ type: String, default: null }) parentMonth!: string | null;
  @Prop({ type: Number, required: true }) seq!: number;
}
export const CoverageCounterSchema = SchemaFactory.createForClass(CoverageCounterDoc);
// Serves drill-down: find({ parentMonth }) — one unit's children in one month (tens).
CoverageCounterSchema.index({ parentMonth: 1 });

/** The org units (from `org-unit.created`): names and levels in reports. */
@Schema({ collection: 'org_units', versionKey: false })
export class OrgUnitDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) code!: string;
  @Prop({ type: String, required: true }) name!: string;
  @Prop({ type: String, required: true }) level!: 'city' | 'district' | 'street' | 'community';
  @Prop({ type: String, default: null }) parent!: string | null;
}
export const OrgUnitSchema = SchemaFactory.createForClass(OrgUnitDoc);

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/*
 * The accessibility lane's documents that need an index (the others are read by `_id` only and are
 * written raw by the lane's `ProjectionWriter`). Counter documents carry `seq`, the lane's step that
 * last incremented them (the exactly-once guard).
 */

/** Current counters of one org unit (`_id` = its path): supply, open orders, who sees which provider. */
@Schema({ collection: 'accessibility_units', versionKey: false, minimize: false, strict: false })
export class AccessibilityUnitDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) unit!: string;
  @Prop({ type: String, default: null }) parent!: string | null;
  @Prop({ type: Number, required: true }) seq!: number;
}
export const AccessibilityUnitSchema = SchemaFactory.createForClass(AccessibilityUnitDoc);
// Serves drill-down: find({ parent }) — one unit's children (tens).
AccessibilityUnitSchema.index({ parent: 1 });

/** Counters of one org unit in one month (`unit:YYYY-MM`): orders, delivery times, subsidy, co-payments. */
@Schema({ collection: 'accessibility_months', versionKey: false, minimize: false, strict: false })
export class AccessibilityMonthDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) unit!: string;
  @Prop({ type: String, required: true }) month!: string;
  @Prop({ type: String, default: null }) parentMonth!: string | null;
  @Prop({ type: Number, required: true }) seq!: number;
}
export const AccessibilityMonthSchema = SchemaFactory.createForClass(AccessibilityMonthDoc);
// Serves drill-down: find({ parentMonth }) — children with figures in the month but no unit document yet.
AccessibilityMonthSchema.index({ parentMonth: 1 });

/** What the lane knows of one order (`accessibility_orders[orderId]`, see `OrderRecord`). */
@Schema({ collection: 'accessibility_orders', versionKey: false, minimize: false, strict: false })
export class AccessibilityOrderDoc {
  @Prop({ type: String, required: true }) _id!: string;
  /** `dueAt|orderId`; null until the request is read. */
  @Prop({ type: String, default: null }) due!: string | null;
}
export const AccessibilityOrderSchema = SchemaFactory.createForClass(AccessibilityOrderDoc);
// Serves the overdue sweep: find({ due: { $gt: cursor, $lte: now } }).sort({ due: 1 }) — the orders that
// fell due since the last sweep (a minute's worth).
AccessibilityOrderSchema.index({ due: 1 });

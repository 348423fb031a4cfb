import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SettlementFigures } from './settlement-figures.js';

/** The contract's money as it held it when the figures were made (ADR 0023's fields). */
export interface SettlementBudget {
  budgetFen: number;
  spentFen: number;
  committedFen: number;
  /** budget − spent − committed. */
  leftFen: number;
}

/**
 * A contract's monthly statement (ADR 0027). `_id` is `<contractId>:<YYYY-MM>`, so generating
 * it again finds it; `contentHash` tells whether the figures changed. Unchanged figures leave
 * the document as it is (generatedAt included); changed ones replace it and bump `revision`.
 * The contract's parties and places are copied in, so reads are scoped without a second lookup.
 * No outbox: nothing consumes statements yet.
 */
@Schema({ collection: 'settlements', versionKey: false, minimize: false })
export class Settlement {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) contractId!: string;
  @Prop({ type: String, required: true }) providerId!: string;
  @Prop({ type: String, required: true }) buyerOrgUnit!: string;
  @Prop({ type: [String], required: true }) areas!: string[];
  @Prop({ type: String, required: true }) month!: string;
  @Prop({ type: Object, required: true }) figures!: SettlementFigures;
  @Prop({ type: Object, required: true }) budget!: SettlementBudget;
  /** SHA-256 (hex) of the canonical figures. */
  @Prop({ type: String, required: true }) contentHash!: string;
  @Prop({ type: Date, required: true }) generatedAt!: Date;
  /** The job whose run wrote this revision. */
  @Prop({ type: String, required: true }) generatedBy!: string;
  @Prop({ type: Number, required: true }) revision!: number;
}

export const SettlementSchema = SchemaFactory.createForClass(Settlement);
// Serve the scoped list (placedFilter, as for contracts) and its month and contract filters.
SettlementSchema.index({ buyerOrgUnit: 1 });
SettlementSchema.index({ areas: 1 });
SettlementSchema.index({ providerId: 1 });
SettlementSchema.index({ month: 1 });
SettlementSchema.index({ contractId: 1 });

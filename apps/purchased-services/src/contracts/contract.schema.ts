import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type { ContractCloseReason, ServiceType } from '#anlao/events';
import type { ContractService, ContractTerms, TermKey } from './contract-terms.js';

export type ContractStatus = 'active' | 'closed';

/** One version of the terms, kept for ever: the history of amendments. */
export interface ContractVersion {
  version: number;
  terms: ContractTerms;
  changed: TermKey[];
  /** ISO instant. */
  at: string;
  /** Token subject of the staff member who signed or amended. */
  by: string;
}

/**
 * A purchase contract. The current terms are top-level (queried and indexed), every version
 * is in `versions`: amendments are rare, so the history fits the document and a version and
 * its event are one write. The budget fields are ADR 0023's; orders (a later slice) move them.
 */
@Schema({ collection: 'contracts', timestamps: true, versionKey: false, minimize: false })
export class Contract {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) providerId!: string;
  @Prop({ type: String, required: true }) buyerOrgUnit!: string;
  @Prop({ type: Number, required: true }) version!: number;
  @Prop({ type: Object, required: true }) period!: ContractTerms['period'];
  @Prop({ type: Number, required: true }) budgetFen!: number;
  @Prop({ type: [Object], required: true }) services!: ContractService[];
  /** The service types of `services`, for the serviceType filter. */
  @Prop({ type: [String], required: true }) serviceTypes!: ServiceType[];
  @Prop({ type: [String], required: true }) areas!: string[];
  @Prop({ type: Object, required: true }) targetGroups!: ContractTerms['targetGroups'];
  @Prop({ type: Object, required: true }) kpis!: ContractTerms['kpis'];
  @Prop({ type: Number, required: true }) committedFen!: number;
  @Prop({ type: Number, required: true }) spentFen!: number;
  /** Open reservations, order id → fen (ADR 0023). */
  @Prop({ type: Object, required: true }) reservations!: Record<string, number>;
  @Prop({ type: String, required: true }) status!: ContractStatus;
  @Prop({ type: Date, default: null }) closedAt!: Date | null;
  @Prop({ type: String, default: null }) closeReason!: ContractCloseReason | null;
  @Prop({ type: [Object], required: true }) versions!: ContractVersion[];
  /** Optimistic concurrency: every change is conditional on the revision it read. */
  @Prop({ type: Number, required: true }) revision!: number;
}

export const ContractSchema = addOutbox(SchemaFactory.createForClass(Contract));
// Serve staff lists (placedFilter): buyerOrgUnit prefix, areas prefix or $in ancestors.
ContractSchema.index({ buyerOrgUnit: 1 });
ContractSchema.index({ areas: 1 });
// Serves an organisation's own contracts and the provider filter: find({ providerId }).
ContractSchema.index({ providerId: 1 });
// Serve the status and serviceType filters (equalities).
ContractSchema.index({ status: 1 });
ContractSchema.index({ serviceTypes: 1 });

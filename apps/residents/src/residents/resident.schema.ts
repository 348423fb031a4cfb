import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type {
  EconomicStatus,
  FamilyStatus,
  Hukou,
  LivingArrangement,
  SelfCareLevel,
  Sex,
  WalletPart,
} from './resident.types.js';

export interface EligibilityState {
  categories: string[];
  ruleSetVersion: string;
  assessedOn: string;
  /** The day the resident last became eligible for anything; null while eligible for nothing. */
  eligibleSince: string | null;
  monthlyCreditFen: Record<WalletPart, number>;
  freeExperienceServices: number;
}

export interface CardState {
  cardId: string;
  number: string;
  status: 'active' | 'suspended';
}

/** A number the resident held before (reported lost and replaced): known, and refused. */
export interface FormerCard {
  cardId: string;
  number: string;
  status: 'lost';
  /** The day it was replaced. */
  endedOn: string;
}

@Schema({ collection: 'residents', timestamps: true, versionKey: false })
export class Resident {
  @Prop({ type: String, required: true }) _id!: string;
  /** Keyed hash of the national ID number: exact-match search and the duplicate check. */
  @Prop({ type: String, required: true }) nationalIdHash!: string;
  /** The number, encrypted (AES-256-GCM). */
  @Prop({ type: String, required: true }) nationalIdSealed!: string;
  @Prop({ type: String, required: true }) name!: string;
  @Prop({ type: String, required: true }) sex!: Sex;
  @Prop({ type: String, required: true }) birthDate!: string;
  /** MM-DD: who has a birthday today (the daily age-boundary job). */
  @Prop({ type: String, required: true }) birthMonthDay!: string;
  @Prop({ type: String, required: true }) phone!: string;
  @Prop({ type: String, required: true }) address!: string;
  @Prop({ type: String, required: true }) communityCode!: string;
  @Prop({ type: String, required: true }) communityPath!: string;
  @Prop({ type: String, required: true }) hukou!: Hukou;
  @Prop({ type: String, required: true }) livingArrangement!: LivingArrangement;
  @Prop({ type: String, required: true }) familyStatus!: FamilyStatus;
  @Prop({ type: String, required: true }) economicStatus!: EconomicStatus;
  @Prop({ type: String, required: true }) selfCare!: SelfCareLevel;
  @Prop({ type: [String], default: [] }) disabilities!: string[];
  @Prop({ type: [String], default: [] }) chronicConditions!: string[];
  @Prop({ type: String, required: true, default: 'active' }) status!: 'active' | 'deceased';
  @Prop({ type: String, default: null }) diedOn!: string | null;
  @Prop({ type: Object, required: true }) eligibility!: EligibilityState;
  @Prop({ type: Object, default: null }) card!: CardState | null;
  /**
   * Every earlier number of this resident, so card state lives in this one document and
   * changes in one write with its event (ADR 0017). Absent on records that never lost a card.
   */
  @Prop({ type: [Object], default: undefined }) formerCards?: FormerCard[];
  /** Optimistic concurrency: every write is conditional on the version it read. */
  @Prop({ type: Number, required: true, default: 1 }) version!: number;
}

export const ResidentSchema = addOutbox(SchemaFactory.createForClass(Resident));
// Serves the duplicate check and exact-number search: findOne({ nationalIdHash }).
ResidentSchema.index({ nationalIdHash: 1 }, { unique: true });
// Serves scoped lists: find({ communityPath: /^prefix/, …filters }).sort({ _id: 1 }).
ResidentSchema.index({ communityPath: 1, _id: 1 });
// Serves the daily age-boundary job: find({ birthMonthDay, status: 'active' }).
ResidentSchema.index({ birthMonthDay: 1 });
// Serves the monthly credit run: find({ 'eligibility.eligibleSince': { $ne: null, $lte } }).
ResidentSchema.index({ 'eligibility.eligibleSince': 1 });

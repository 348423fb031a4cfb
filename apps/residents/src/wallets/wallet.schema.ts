import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type { LedgerEntry } from './wallet-ledger.js';
import type { WalletPart } from '../residents/resident.types.js';

/**
 * A resident's subsidy wallet: balances and the ledger in one document, so a
 * movement, the balance it changes and its event are one atomic write, and the
 * balance always equals the ledger's sum.
 */
@Schema({ collection: 'wallets', timestamps: true, versionKey: false })
export class Wallet {
  /** The resident id. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) communityPath!: string;
  @Prop({ type: Object, required: true }) balances!: Record<WalletPart, number>;
  @Prop({ type: [Object], default: [] }) entries!: LedgerEntry[];
  @Prop({ type: Number, required: true, default: 0 }) version!: number;
}

export const WalletSchema = addOutbox(SchemaFactory.createForClass(Wallet));

/** Outcomes of debits that touched no wallet (unknown or deceased resident, uncovered service), by order. */
@Schema({ collection: 'debit_rejections', timestamps: true, versionKey: false })
export class DebitRejection {
  /** The order id: one outcome per order, however often its event arrives. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  @Prop({ type: String, required: true }) reason!: string;
}

export const DebitRejectionSchema = addOutbox(SchemaFactory.createForClass(DebitRejection));

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { addOutbox } from '#anlao/messaging';
import type { ServiceType } from '#anlao/events';
import type { OrderFields, OrderState } from './order-state.js';
import type { OrderHistoryEntry } from './order-history.js';

/**
 * A service order (ADR 0025). The state machine's fields (`OrderFields`) are top level; every
 * change is conditional on `revision` and carries its event in the same write (outbox).
 * The `_id` is derived from the caller and its Idempotency-Key, so a retry finds the first order.
 */
@Schema({ collection: 'orders', timestamps: true, versionKey: false, minimize: false })
export class Order implements OrderFields {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) residentId!: string;
  /** The resident's community when ordered: the order's place for staff scope. */
  @Prop({ type: String, required: true }) communityPath!: string;
  @Prop({ type: String, required: true }) serviceType!: ServiceType;
  /** The operator's words for the provider (where, what); never in an event. */
  @Prop({ type: String, default: null }) note!: string | null;
  /** Digest of the request body: the same key with another body is a conflict. */
  @Prop({ type: String, required: true }) fingerprint!: string;
  @Prop({ type: Date, required: true }) requestedAt!: Date;
  /** Token subject of the operator or staff member who took the call. */
  @Prop({ type: String, required: true }) requestedBy!: string;
  @Prop({ type: String, required: true }) state!: OrderState;
  @Prop({ type: String, default: null }) contractId!: string | null;
  @Prop({ type: String, default: null }) providerId!: string | null;
  @Prop({ type: Number, default: null }) priceFen!: number | null;
  /** No open contract covered it when last dispatched: listed for staff. */
  @Prop({ type: Boolean, default: false }) unassigned!: boolean;
  @Prop({ type: String, default: null }) scheduledFor!: string | null;
  @Prop({ type: String, default: null }) workerId!: string | null;
  @Prop({ type: String, default: null }) startedAt!: string | null;
  @Prop({ type: String, default: null }) endedAt!: string | null;
  /** The code of the last decline, failure or cancellation. */
  @Prop({ type: String, default: null }) reason!: string | null;
  @Prop({ type: Number, default: null }) rating!: number | null;
  @Prop({ type: String, default: null }) complaint!: string | null;
  /** The payment saga's answer (wallet.debited): which part paid, the subsidy and the elder's share. */
  @Prop({ type: String, default: null }) paymentPart!: OrderFields['paymentPart'];
  @Prop({ type: Number, default: null }) subsidyFen!: number | null;
  @Prop({ type: Number, default: null }) copaymentFen!: number | null;
  /** Paid in full by the subsidy as the category's free experience service. */
  @Prop({ type: Boolean, default: false }) freeExperience!: boolean;
  /** Local month (YYYY-MM) the delivery ended in: the settlement month it counts in. */
  @Prop({ type: String, default: null }) deliveredMonth!: string | null;
  /** Contracts that declined it: the next dispatch passes them over. */
  @Prop({ type: [String], default: [] }) declinedContracts!: string[];
  /** Every step with its event's time (orders stored before it existed have none). */
  @Prop({ type: [{ _id: false, event: String, at: String }], default: [] }) history!: OrderHistoryEntry[];
  @Prop({ type: Number, required: true }) revision!: number;
}

export const OrderSchema = addOutbox(SchemaFactory.createForClass(Order));
// Serve the scoped lists (ADR 0013: equalities or an anchored prefix from an index).
OrderSchema.index({ providerId: 1 });
OrderSchema.index({ communityPath: 1 });
OrderSchema.index({ state: 1 });
// Serves a contract's monthly statement: its orders delivered in one month.
OrderSchema.index({ contractId: 1, deliveredMonth: 1 });
// Serves re-dispatch when a contract appears: the unassigned orders of one service type.
OrderSchema.index({ unassigned: 1, serviceType: 1 });
// Serves the dispatch rule's count of open orders per contract.
OrderSchema.index({ contractId: 1, state: 1 });

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import { addOutbox, type OutboxFields } from '#anlao/messaging';
import type { CentreDeactivationReason, CentreKind, VisitActivity } from '#anlao/events';
import type { OpeningHours } from './opening-hours.js';

export type CentreStatus = 'active' | 'inactive';

export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * Fields added after the first centres were stored are optional here: a document written before
 * them lacks them, and every reader applies the same defaults (`centreFacts` in centre-facts.ts).
 */
@Schema({ collection: 'centres', timestamps: true, versionKey: false })
export class Centre {
  /** The centre's code, issued by the city. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  kind!: CentreKind;

  /** Org-unit path of the community it serves (city.district.street.community). */
  @Prop({ type: String, required: true })
  communityPath!: string;

  @Prop({ type: Number, required: true })
  capacity!: number;

  /** Visits of residents living outside `communityPath` are refused (`resident.outside-area`). */
  @Prop({ type: Boolean, default: false })
  communityOnly!: boolean;

  /** The social organisation running it (an organisation id); null: run by the unit itself. */
  @Prop({ type: String, default: null })
  operatorId?: string | null;

  /** Weekly hours, all seven days in time order; null (or absent): no hours restriction on visits. */
  @Prop({ type: Object, default: null })
  openingHours?: OpeningHours | null;

  /** Activities offered, unique, in the catalog's order. */
  @Prop({ type: [String], default: [] })
  activities?: VisitActivity[];

  /** Where it is (WGS 84 degrees), checked by the DTO; null: not given. */
  @Prop({ type: Object, default: null })
  location?: GeoPoint | null;

  /** Absent on centres stored before deactivation existed: they are active. */
  @Prop({ type: String, default: 'active' })
  status?: CentreStatus;

  @Prop({ type: Date, default: null })
  deactivatedAt?: Date | null;

  @Prop({ type: String, default: null })
  deactivationReason?: CentreDeactivationReason | null;

  /**
   * Optimistic concurrency: every change is conditional on the revision it read, so two
   * overlapping PATCHes cannot each publish a snapshot that misses the other's change.
   * Absent on older centres (read as 0).
   */
  @Prop({ type: Number, default: 1 })
  revision?: number;
}

export type CentreDocument = HydratedDocument<Centre & OutboxFields>;
export const CentreSchema = addOutbox(SchemaFactory.createForClass(Centre));
// Serves listing a staff member's subtree and the `community` filter: find({ communityPath: /^prefix/ })
// (MongoDB: an index range; FerretDB pushes no regex down and scans, acceptable for a city's hundreds of centres).
CentreSchema.index({ communityPath: 1 });
// Serves the list filtered by kind: find({ kind }), an equality FerretDB pushes down to the GIN twin (ADR 0013).
CentreSchema.index({ kind: 1 });
// Serves the list of deactivated centres: find({ status: 'inactive' }), equality as above. The
// `status: 'active'` filter is `$ne: 'inactive'` (older centres have no status) and scans.
CentreSchema.index({ status: 1 });

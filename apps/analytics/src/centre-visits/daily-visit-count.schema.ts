import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const DAILY_CENTRE_VISITS = 'daily_centre_visits';

/**
 * Projection: visits per centre per local day. Rebuilt by replaying `anlao.centres.v1`. Written and
 * read with the driver in a generation's database (ADR 0030); the schema declares its index.
 */
@Schema({ collection: DAILY_CENTRE_VISITS, versionKey: false })
export class DailyCentreVisits {
  /** `${centreId}:${day}` */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  centreId!: string;

  /** Local day (city time zone), YYYY-MM-DD. */
  @Prop({ type: String, required: true })
  day!: string;

  @Prop({ type: String, required: true })
  orgUnit!: string;

  /** Visits that count: recorded minus voided. */
  @Prop({ type: Number, required: true, default: 0 })
  visits!: number;

  /** Visits recorded and later voided by staff (already taken out of `visits`). */
  @Prop({ type: Number, default: 0 })
  voided!: number;

  /**
   * Ids of the events counted here (recordings and voids): the guard that makes the `$inc` exactly-once
   * even if the process dies between counting and writing its inbox entry.
   * Bounded by the visits of one centre in one day.
   */
  @Prop({ type: [String], default: [] })
  eventIds!: string[];
}

export const DailyCentreVisitsSchema = SchemaFactory.createForClass(DailyCentreVisits);
// Serves GET /centre-visits/daily: find({ centreId, day: { $gte, $lte } }).sort({ day: 1 }).
DailyCentreVisitsSchema.index({ centreId: 1, day: 1 });

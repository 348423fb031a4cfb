import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Visit } from './visit.schema.js';
import type { VisitRead } from './visit-views.js';

/**
 * The fields queries read, named one by one: the outbox fields (`pendingEvents`, events
 * carrying the same ids) and staff's free-text void note never leave the store here.
 */
const READ_FIELDS = {
  _id: 1,
  visitId: 1,
  centreId: 1,
  residentId: 1,
  activity: 1,
  day: 1,
  checkInAt: 1,
  checkOutAt: 1,
  voidedAt: 1,
  voidReason: 1,
} as const;

/** Documents the store hands over per round trip while an export streams. */
const EXPORT_BATCH = 200;

/**
 * Reads of visits, equality filters only: FerretDB serves an equality on an indexed field
 * from its index and does everything else (ranges, sorts) in memory over what the
 * equality selected (ADR 0013), so each query names the bounded set it needs.
 */
@Injectable()
export class VisitReadsRepository {
  constructor(@InjectModel(Visit.name) private readonly model: Model<Visit>) {}

  /** A centre's visits of one city-local day (index `{ centreId, day }`). */
  async ofDay(centreId: string, day: string): Promise<VisitRead[]> {
    return this.model.find({ centreId, day }, READ_FIELDS).lean<VisitRead[]>().exec();
  }

  /** A centre's visits of several days: one equality look-up per day. */
  async ofDays(centreId: string, days: string[]): Promise<VisitRead[]> {
    return (await Promise.all(days.map((day) => this.ofDay(centreId, day)))).flat();
  }

  /**
   * A resident's visits (index `{ residentId }`), at one centre when given. Reads the
   * whole history of the resident: a daily visitor adds ~365 small documents a year.
   */
  async ofResident(residentId: string, centreId?: string): Promise<VisitRead[]> {
    return this.model
      .find(centreId ? { residentId, centreId } : { residentId }, READ_FIELDS)
      .lean<VisitRead[]>()
      .exec();
  }

  /**
   * A centre's visits of one day as a cursor, by check-in then id. The sort is done by
   * the store over that one centre-day (bounded), the documents come in batches.
   */
  streamDay(centreId: string, day: string): AsyncIterable<VisitRead> {
    return this.model
      .find({ centreId, day }, READ_FIELDS)
      .sort({ checkInAt: 1, _id: 1 })
      .lean<VisitRead[]>()
      .cursor({ batchSize: EXPORT_BATCH }) as AsyncIterable<VisitRead>;
  }
}

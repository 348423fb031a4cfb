import { Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { isDuplicateKey } from '#anlao/messaging';
import { DAILY_CENTRE_VISITS, type DailyCentreVisits } from './daily-visit-count.schema.js';
import type { DayKey } from './fold-visits.js';

/** `record` adds the events' visits to the day, `void` takes them away. */
export type DayChange = 'record' | 'void';

/** The day documents, in the database of a generation (ADR 0030): the caller says which. */
@Injectable()
export class DailyCentreVisitsRepository {
  private days(db: Db) {
    return db.collection<DailyCentreVisits>(DAILY_CENTRE_VISITS);
  }

  /**
   * Counts each of `eventIds` once on the day document `key`, in one write when
   * none of them is there yet: the filter skips a document holding any of them,
   * and the upsert then collides on `_id`. Only then (a redelivery after a crash
   * between this write and the inbox's) are they counted one by one.
   * Resolves to how many were counted now.
   */
  async countEachOnce(
    db: Db,
    key: DayKey,
    eventIds: string[],
    change: DayChange = 'record',
  ): Promise<number> {
    if (await this.countAll(db, key, eventIds, change)) return eventIds.length;
    if (eventIds.length === 1) return 0;
    let counted = 0;
    for (const id of eventIds) if (await this.countAll(db, key, [id], change)) counted++;
    return counted;
  }

  private async countAll(db: Db, key: DayKey, eventIds: string[], change: DayChange): Promise<boolean> {
    const n = eventIds.length;
    // A void takes its visit out of `visits` (what every report shows) and is kept apart in `voided`.
    const inc = change === 'record' ? { visits: n } : { visits: -n, voided: n };
    try {
      await this.days(db).updateOne(
        { _id: `${key.centreId}:${key.day}`, eventIds: { $nin: eventIds } },
        {
          $inc: inc,
          $push: { eventIds: { $each: eventIds } },
          // A day first seen by a recording starts with no voids (the schema's default).
          $setOnInsert: {
            centreId: key.centreId,
            day: key.day,
            orgUnit: key.orgUnit,
            ...(change === 'record' ? { voided: 0 } : {}),
          },
        },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async daily(
    db: Db,
    centreId: string,
    from: string,
    to: string,
  ): Promise<{ day: string; visits: number; voided: number }[]> {
    const days = await this.days(db)
      .find(
        { centreId, day: { $gte: from, $lte: to } },
        // At most 366 days: one batch, so no cursor stays open on the store (as `applySingleBatch`).
        { projection: { _id: 0, day: 1, visits: 1, voided: 1 }, batchSize: 368 },
      )
      .sort({ day: 1 })
      .toArray();
    return days.map((d) => ({ day: d.day, visits: d.visits, voided: d.voided ?? 0 }));
  }
}

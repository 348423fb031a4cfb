import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '#anlao/messaging';
import { DailyCentreVisits } from './daily-visit-count.schema.js';
import type { DayKey } from './fold-visits.js';

/** `record` adds the events' visits to the day, `void` takes them away. */
export type DayChange = 'record' | 'void';

@Injectable()
export class DailyCentreVisitsRepository {
  constructor(@InjectModel(DailyCentreVisits.name) private readonly model: Model<DailyCentreVisits>) {}

  /**
   * Counts each of `eventIds` once on the day document `key`, in one write when
   * none of them is there yet: the filter skips a document holding any of them,
   * and the upsert then collides on `_id`. Only then (a redelivery after a crash
   * between this write and the inbox's) are they counted one by one.
   * Resolves to how many were counted now.
   */
  async countEachOnce(key: DayKey, eventIds: string[], change: DayChange = 'record'): Promise<number> {
    if (await this.countAll(key, eventIds, change)) return eventIds.length;
    if (eventIds.length === 1) return 0;
    let counted = 0;
    for (const id of eventIds) if (await this.countAll(key, [id], change)) counted++;
    return counted;
  }

  private async countAll(key: DayKey, eventIds: string[], change: DayChange): Promise<boolean> {
    const n = eventIds.length;
    // A void takes its visit out of `visits` (what every report shows) and is kept apart in `voided`.
    const inc = change === 'record' ? { visits: n } : { visits: -n, voided: n };
    try {
      await this.model
        .updateOne(
          { _id: `${key.centreId}:${key.day}`, eventIds: { $nin: eventIds } },
          {
            $inc: inc,
            $push: { eventIds: { $each: eventIds } },
            $setOnInsert: { centreId: key.centreId, day: key.day, orgUnit: key.orgUnit },
          },
          { upsert: true },
        )
        .exec();
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async daily(
    centreId: string,
    from: string,
    to: string,
  ): Promise<{ day: string; visits: number; voided: number }[]> {
    const days = await this.model
      .find({ centreId, day: { $gte: from, $lte: to } }, { _id: 0, day: 1, visits: 1, voided: 1 })
      .sort({ day: 1 })
      .lean<{ day: string; visits: number; voided?: number }[]>()
      .exec();
    return days.map((d) => ({ day: d.day, visits: d.visits, voided: d.voided ?? 0 }));
  }
}

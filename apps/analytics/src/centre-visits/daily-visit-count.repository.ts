import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '#anlao/messaging';
import { DailyCentreVisits } from './daily-visit-count.schema.js';
import type { DayKey } from './fold-visits.js';

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
  async countEachOnce(key: DayKey, eventIds: string[]): Promise<number> {
    if (await this.countAll(key, eventIds)) return eventIds.length;
    if (eventIds.length === 1) return 0;
    let counted = 0;
    for (const id of eventIds) if (await this.countAll(key, [id])) counted++;
    return counted;
  }

  private async countAll(key: DayKey, eventIds: string[]): Promise<boolean> {
    try {
      await this.model
        .updateOne(
          { _id: `${key.centreId}:${key.day}`, eventIds: { $nin: eventIds } },
          {
            $inc: { visits: eventIds.length },
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

  async daily(centreId: string, from: string, to: string): Promise<{ day: string; visits: number }[]> {
    return this.model
      .find({ centreId, day: { $gte: from, $lte: to } }, { _id: 0, day: 1, visits: 1 })
      .sort({ day: 1 })
      .lean<{ day: string; visits: number }[]>()
      .exec();
  }
}

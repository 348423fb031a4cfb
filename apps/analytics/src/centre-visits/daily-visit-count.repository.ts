import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '#anlao/messaging';
import { DailyCentreVisits } from './daily-visit-count.schema.js';

@Injectable()
export class DailyCentreVisitsRepository {
  constructor(@InjectModel(DailyCentreVisits.name) private readonly model: Model<DailyCentreVisits>) {}

  /**
   * Counts one visit event once. The filter skips a day document that already
   * holds the event id; the upsert then collides on `_id` and the duplicate-key
   * error means "already counted".
   */
  async countOnce(
    key: { centreId: string; day: string; orgUnit: string },
    eventId: string,
  ): Promise<boolean> {
    try {
      await this.model
        .updateOne(
          { _id: `${key.centreId}:${key.day}`, eventIds: { $ne: eventId } },
          {
            $inc: { visits: 1 },
            $push: { eventIds: eventId },
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

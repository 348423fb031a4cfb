import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields } from '#anlao/messaging';
import type { EventEnvelope } from '#anlao/events';
import { HoursLog } from './hours-log.schema.js';
import { addToTally, emptyTally, type HoursTally } from './hours-totals.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

/**
 * A team's logs are read in pages of this many. The bound: a team of about ten logs a few hundred
 * entries a year, so a totals read is one or two pages, a decade of a busy team a few dozen.
 */
export const HOURS_PAGE = 500;

export type CountedLog = Pick<HoursLog, '_id' | 'residentId' | 'activity' | 'minutes'>;

@Injectable()
export class HoursLogRepository {
  constructor(@InjectModel(HoursLog.name) readonly model: Model<HoursLog & OutboxFields>) {}

  findById(id: string): Promise<HoursLog | null> {
    return this.model.findById(id, HIDDEN).lean<HoursLog>().exec();
  }

  /** False when a log of that id exists already: the unique `_id` decides who was first. */
  insert(log: HoursLog, events: EventEnvelope[]): Promise<boolean> {
    return insertAggregate(this.model, log, events);
  }

  /** The team's logs (the fields totals need), by the equality index on teamId, page by page. */
  async *pagesOfTeam(teamId: string, pageSize = HOURS_PAGE): AsyncGenerator<CountedLog[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.model
        .find(after === undefined ? { teamId } : { teamId, _id: { $gt: after } }, {
          residentId: 1,
          activity: 1,
          minutes: 1,
        })
        .sort({ _id: 1 })
        .limit(pageSize)
        .lean<CountedLog[]>()
        .exec();
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
      after = page.at(-1)?._id;
    }
  }

  /** The team's totals folded from all its logs, read page by page (never a stored counter). */
  async tallyOfTeam(teamId: string): Promise<HoursTally> {
    const tally = emptyTally();
    for await (const page of this.pagesOfTeam(teamId)) addToTally(tally, page);
    return tally;
  }
}

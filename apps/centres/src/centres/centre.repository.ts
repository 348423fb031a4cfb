import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, withEvents, type OutboxFields } from '#anlao/messaging';
import type { ScopedFilter, Scoped } from '#anlao/auth';
import type { EventEnvelope } from '#anlao/events';
import { Centre } from './centre.schema.js';

export type CentreRecord = Centre;

/** A centre as the scope helpers see it: its community and its own id. */
export function asScoped<T extends CentreRecord>(centre: T | null): (T & Scoped) | null {
  return centre ? { ...centre, orgUnit: centre.communityPath, centreId: centre._id } : null;
}

/** How centres are scoped: staff by the community's path, a centre client by its own id. */
export const CENTRE_SCOPE = { orgUnit: 'communityPath', centreId: '_id' } as const;

@Injectable()
export class CentreRepository {
  constructor(@InjectModel(Centre.name) readonly model: Model<Centre & OutboxFields>) {}

  async findById(id: string): Promise<CentreRecord | null> {
    return this.model.findById(id, { pendingEvents: 0, hasPendingEvents: 0 }).lean<CentreRecord>().exec();
  }

  /** A page of the centres a caller may see, in id order. */
  async list(scope: ScopedFilter, page: { after?: string; limit: number }): Promise<CentreRecord[]> {
    return this.model
      .find(
        { ...scope, ...(page.after ? { _id: { $gt: page.after } } : {}) },
        { pendingEvents: 0, hasPendingEvents: 0 },
      )
      .sort({ _id: 1 })
      .limit(page.limit)
      .lean<CentreRecord[]>()
      .exec();
  }

  /** Inserts the centre with its events in one write; false if the id is taken. */
  async insert(centre: CentreRecord, events: EventEnvelope[]): Promise<boolean> {
    try {
      await this.model.create({ ...centre, ...withEvents(events) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Scoped } from '#anlao/auth';
import { CentreDirectoryEntry } from './centre-directory.schema.js';

@Injectable()
export class CentreDirectoryRepository {
  constructor(@InjectModel(CentreDirectoryEntry.name) private readonly model: Model<CentreDirectoryEntry>) {}

  /** Idempotent: the same event applied twice leaves the same entry (one centre's events come in order). */
  async upsert(centreId: string, fields: Omit<CentreDirectoryEntry, '_id'>): Promise<void> {
    await this.model.updateOne({ _id: centreId }, { $set: fields }, { upsert: true }).exec();
  }

  /** The centre as the scope helpers see it, or null if no registration has arrived. */
  async scopeOf(centreId: string): Promise<Scoped | null> {
    const entry = await this.model.findById(centreId).lean<CentreDirectoryEntry>().exec();
    return entry ? { orgUnit: entry.communityPath, centreId: entry._id } : null;
  }
}

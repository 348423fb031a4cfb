import { Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { Scoped } from '#anlao/auth';
import { CENTRE_DIRECTORY, type CentreDirectoryEntry } from './centre-directory.schema.js';

/** What a new entry holds for the fields its first event did not bring (the schema's defaults). */
const DEFAULTS = { operatorId: null, status: 'active' } as const;

/** The directory, in the database of a generation (ADR 0030): the caller says which. */
@Injectable()
export class CentreDirectoryRepository {
  private entries(db: Db) {
    return db.collection<CentreDirectoryEntry>(CENTRE_DIRECTORY);
  }

  /** Idempotent: the same event applied twice leaves the same entry (one centre's events come in order). */
  async upsert(db: Db, centreId: string, fields: Omit<CentreDirectoryEntry, '_id'>): Promise<void> {
    // Fields an event left out are not written (as Mongoose never wrote `undefined`).
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const onInsert = Object.fromEntries(Object.entries(DEFAULTS).filter(([k]) => !(k in set)));
    await this.entries(db).updateOne(
      { _id: centreId },
      { $set: set, ...(Object.keys(onInsert).length > 0 ? { $setOnInsert: onInsert } : {}) },
      { upsert: true },
    );
  }

  /** The centre as the scope helpers see it, or null if no registration has arrived. */
  async scopeOf(db: Db, centreId: string): Promise<Scoped | null> {
    const entry = await this.entries(db).findOne({ _id: centreId });
    return entry ? { orgUnit: entry.communityPath, centreId: entry._id } : null;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { OutboxFields } from '#anlao/messaging';
import { Visit } from './visit.schema.js';

export type VisitWrite = Visit & OutboxFields;

@Injectable()
export class VisitRepository {
  constructor(@InjectModel(Visit.name) readonly model: Model<VisitWrite>) {}

  /**
   * Inserts what is new, each visit with its event in the same document. Returns
   * the ids that already existed (a resubmission or a reused id).
   */
  async insertNew(visits: VisitWrite[]): Promise<Set<string>> {
    const existing = await this.fingerprints(visits.map((v) => v._id));
    const fresh = visits.filter((v) => !existing.has(v._id));
    if (fresh.length > 0) {
      try {
        await this.model.insertMany(fresh, { ordered: false, lean: true });
      } catch (error) {
        // A concurrent submission of the same visit won the race: treat it like an existing one.
        const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] })
          .writeErrors;
        const allDuplicates =
          Array.isArray(writeErrors) &&
          writeErrors.length > 0 &&
          writeErrors.every((w) => (w.code ?? w.err?.code) === 11000);
        if (!allDuplicates) throw error;
      }
    }
    return new Set(existing.keys());
  }

  /** Fingerprints of the given visit documents that exist. */
  async fingerprints(ids: string[]): Promise<Map<string, string>> {
    const docs = await this.model
      .find({ _id: { $in: ids } }, { fingerprint: 1 })
      .lean<{ _id: string; fingerprint: string }[]>()
      .exec();
    return new Map(docs.map((d) => [d._id, d.fingerprint]));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { duplicateKeyIndexes } from '#anlao/messaging';
import { chunksOf } from '#anlao/platform';
import type { ResidentProfile } from './resident-profile.js';
import { ResidentProfileDoc, ServedMonth } from './resident-profile.schema.js';

/** Served marks per unordered insert (as the inbox records its entries). */
const MARK_CHUNK = 24;

/** By `_id` only: one read and one whole-document write per event (ADR 0013). */
@Injectable()
export class ResidentProfileRepository {
  constructor(
    @InjectModel(ResidentProfileDoc.name) private readonly profiles: Model<ResidentProfileDoc>,
    @InjectModel(ServedMonth.name) private readonly served: Model<ServedMonth>,
  ) {}

  find(residentId: string): Promise<ResidentProfile | null> {
    return this.profiles.findById(residentId).lean<ResidentProfile>().exec();
  }

  async save(profile: ResidentProfile): Promise<void> {
    const { _id, ...fields } = profile;
    await this.profiles.updateOne({ _id }, { $set: fields }, { upsert: true }).exec();
  }

  /**
   * Writes the marks a batch of service events makes, each resident-month once: marks repeated in the
   * batch are dropped before the write, and those stored by an earlier batch are refused by `_id` (a
   * duplicate key, nothing written). Small unordered inserts: each entry holds a store connection.
   */
  async markServed(marks: readonly ServedMonth[]): Promise<void> {
    const first = new Map<string, ServedMonth>();
    for (const mark of marks) if (!first.has(mark._id)) first.set(mark._id, mark);
    const distinct = [...first.values()];
    for (const chunk of chunksOf(distinct, MARK_CHUNK)) {
      try {
        await this.served.insertMany(chunk, { ordered: false });
      } catch (error) {
        if (!duplicateKeyIndexes(error)) throw error;
      }
    }
  }
}

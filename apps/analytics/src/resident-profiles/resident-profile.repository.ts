import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '#anlao/messaging';
import type { ResidentProfile } from './resident-profile.js';
import { ResidentProfileDoc, ServedMonth } from './resident-profile.schema.js';

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

  /** True when this is the month's first service of the resident (the mark was written now). */
  async markServed(mark: ServedMonth): Promise<boolean> {
    try {
      await this.served.create(mark);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  servedMonth(residentId: string, month: string): Promise<ServedMonth | null> {
    return this.served.findById(`${residentId}:${month}`).lean<ServedMonth>().exec();
  }
}

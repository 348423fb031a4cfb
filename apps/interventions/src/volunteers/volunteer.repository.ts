import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, writeAggregate } from '#anlao/messaging';
import { MAX_VOLUNTEERS, Volunteer } from './volunteer.schema.js';

@Injectable()
export class VolunteerRepository {
  constructor(@InjectModel(Volunteer.name) readonly model: Model<Volunteer>) {}

  findById(id: string): Promise<Volunteer | null> {
    return this.model.findById(id).lean<Volunteer>().exec();
  }

  /** Every volunteer of a team (about ten, at most MAX_VOLUNTEERS), by the equality index. */
  ofTeam(teamId: string): Promise<Volunteer[]> {
    return this.model
      .find({ teamId })
      .sort({ _id: 1 })
      .limit(MAX_VOLUNTEERS + 1)
      .lean<Volunteer[]>()
      .exec();
  }

  /** False when that volunteer exists already. */
  async insert(volunteer: Volunteer): Promise<boolean> {
    try {
      await this.model.create(volunteer);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** One conditional write (the revision read). */
  update(id: string, revision: number, set: Partial<Volunteer>): Promise<boolean> {
    return writeAggregate(this.model, id, async () => {
      const result = await this.model
        .updateOne({ _id: id, revision }, { $set: { ...set, revision: revision + 1 } })
        .exec();
      return result.modifiedCount === 1;
    });
  }
}

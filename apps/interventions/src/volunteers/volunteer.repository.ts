import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, updateAggregate } from '#anlao/messaging';
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
  insert(volunteer: Volunteer): Promise<boolean> {
    return insertAggregate(this.model, volunteer);
  }

  /** One conditional write (the revision read). */
  update(id: string, revision: number, set: Partial<Volunteer>): Promise<boolean> {
    return updateAggregate(this.model, id, revision, set);
  }
}

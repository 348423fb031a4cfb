import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate } from '#anlao/messaging';
import { VolunteerTeam } from './volunteer-team.schema.js';

@Injectable()
export class VolunteerTeamRepository {
  constructor(@InjectModel(VolunteerTeam.name) readonly model: Model<VolunteerTeam>) {}

  findById(id: string): Promise<VolunteerTeam | null> {
    return this.model.findById(id).lean<VolunteerTeam>().exec();
  }

  /** False when a team of that id exists already (the same Idempotency-Key again). */
  insert(team: VolunteerTeam): Promise<boolean> {
    return insertAggregate(this.model, team);
  }

  /** The caller's scope (from `scopeFilterOf`), paged by id. */
  list(scope: Record<string, unknown>, page: { after?: string; limit: number }): Promise<VolunteerTeam[]> {
    const and: Record<string, unknown>[] = [scope];
    if (page.after) and.push({ _id: { $gt: page.after } });
    return this.model.find({ $and: and }).sort({ _id: 1 }).limit(page.limit).lean<VolunteerTeam[]>().exec();
  }
}

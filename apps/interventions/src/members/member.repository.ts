import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields, updateAggregate } from '#anlao/messaging';
import type { EventEnvelope } from '#anlao/events';
import { MAX_MEMBERS, Member } from './member.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

@Injectable()
export class MemberRepository {
  constructor(@InjectModel(Member.name) readonly model: Model<Member & OutboxFields>) {}

  findById(id: string): Promise<Member | null> {
    return this.model.findById(id, HIDDEN).lean<Member>().exec();
  }

  /** Every member of a programme (a group of about ten, at most MAX_MEMBERS), by the equality index. */
  ofProgramme(programmeId: string): Promise<Member[]> {
    return this.model
      .find({ programmeId }, HIDDEN)
      .sort({ _id: 1 })
      .limit(MAX_MEMBERS + 1)
      .lean<Member[]>()
      .exec();
  }

  insert(member: Member, events: EventEnvelope[]): Promise<boolean> {
    return insertAggregate(this.model, member, events);
  }

  update(id: string, revision: number, set: Partial<Member>, events: EventEnvelope[]): Promise<boolean> {
    return updateAggregate(this.model, id, revision, set, events);
  }
}

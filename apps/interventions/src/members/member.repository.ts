import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, pushEvents, withEvents, writeAggregate, type OutboxFields } from '#anlao/messaging';
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

  async insert(member: Member, events: EventEnvelope[]): Promise<boolean> {
    try {
      await this.model.create({ ...member, ...withEvents(events) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async update(
    id: string,
    revision: number,
    set: Partial<Member>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    const outbox = pushEvents(events);
    const change = {
      $set: { ...set, revision: revision + 1, ...(events.length > 0 ? outbox.$set : {}) },
      ...(events.length > 0 ? { $push: outbox.$push } : {}),
    };
    return writeAggregate(this.model, id, async () => {
      const result = await this.model.updateOne({ _id: id, revision }, change).exec();
      return result.modifiedCount === 1;
    });
  }
}

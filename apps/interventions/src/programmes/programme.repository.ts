import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields, updateAggregate } from '#anlao/messaging';
import type { EventEnvelope } from '#anlao/events';
import { Programme } from './programme.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

@Injectable()
export class ProgrammeRepository {
  constructor(@InjectModel(Programme.name) readonly model: Model<Programme & OutboxFields>) {}

  findById(id: string): Promise<Programme | null> {
    return this.model.findById(id, HIDDEN).lean<Programme>().exec();
  }

  /** False when a programme of that id exists already (the same Idempotency-Key again). */
  insert(programme: Programme, events: EventEnvelope[]): Promise<boolean> {
    return insertAggregate(this.model, programme, events);
  }

  /** One conditional write (the revision read) with its events, serialised with the relay. */
  update(id: string, revision: number, set: Partial<Programme>, events: EventEnvelope[]): Promise<boolean> {
    return updateAggregate(this.model, id, revision, set, events);
  }

  /** The caller's scope (from `programmeScopeFilter`) and an optional status, paged by id. */
  list(
    scope: Record<string, unknown>,
    status: string | undefined,
    page: { after?: string; limit: number },
  ): Promise<Programme[]> {
    const and: Record<string, unknown>[] = [scope];
    if (status) and.push({ status });
    if (page.after) and.push({ _id: { $gt: page.after } });
    return this.model
      .find({ $and: and }, HIDDEN)
      .sort({ _id: 1 })
      .limit(page.limit)
      .lean<Programme[]>()
      .exec();
  }
}

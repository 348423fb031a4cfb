import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields } from '#anlao/messaging';
import type { EventEnvelope } from '#anlao/events';
import { Session } from './session.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

@Injectable()
export class SessionRepository {
  constructor(@InjectModel(Session.name) readonly model: Model<Session & OutboxFields>) {}

  findById(id: string): Promise<Session | null> {
    return this.model.findById(id, HIDDEN).lean<Session>().exec();
  }

  /** A programme's sessions (at most 52), by the equality index. */
  ofProgramme(programmeId: string): Promise<Session[]> {
    return this.model.find({ programmeId }, HIDDEN).sort({ sessionNo: 1 }).limit(60).lean<Session[]>().exec();
  }

  /** False when that session was recorded already. */
  insert(session: Session, events: EventEnvelope[]): Promise<boolean> {
    return insertAggregate(this.model, session, events);
  }
}

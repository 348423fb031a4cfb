import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields } from '#anlao/messaging';
import type { EventEnvelope } from '#anlao/events';
import { Assessment } from './assessment.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;
/** Two per member of a group of at most 40, with room. */
const PER_PROGRAMME = 200;

@Injectable()
export class AssessmentRepository {
  constructor(@InjectModel(Assessment.name) readonly model: Model<Assessment & OutboxFields>) {}

  findById(id: string): Promise<Assessment | null> {
    return this.model.findById(id, HIDDEN).lean<Assessment>().exec();
  }

  ofProgramme(programmeId: string): Promise<Assessment[]> {
    return this.model
      .find({ programmeId }, HIDDEN)
      .sort({ _id: 1 })
      .limit(PER_PROGRAMME)
      .lean<Assessment[]>()
      .exec();
  }

  insert(assessment: Assessment, events: EventEnvelope[]): Promise<boolean> {
    return insertAggregate(this.model, assessment, events);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, withEvents, type OutboxFields } from '#anlao/messaging';
import type { EventEnvelope } from '#anlao/events';
import { Centre } from './centre.schema.js';

export type CentreRecord = Centre;

@Injectable()
export class CentreRepository {
  constructor(@InjectModel(Centre.name) readonly model: Model<Centre & OutboxFields>) {}

  async findById(id: string): Promise<CentreRecord | null> {
    return this.model.findById(id, { pendingEvents: 0, hasPendingEvents: 0 }).lean<CentreRecord>().exec();
  }

  /** Inserts the centre with its events in one write; false if the id is taken. */
  async insert(centre: CentreRecord, events: EventEnvelope[]): Promise<boolean> {
    try {
      await this.model.create({ ...centre, ...withEvents(events) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}

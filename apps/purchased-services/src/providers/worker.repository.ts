import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, pushEvents, withEvents, writeAggregate, type OutboxFields } from '#anlao/messaging';
import type { EventEnvelope } from '#anlao/events';
import { ProviderWorker } from './worker.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

export const workerKey = (providerId: string, workerId: string) => `${providerId}:${workerId}`;

@Injectable()
export class WorkerRepository {
  constructor(@InjectModel(ProviderWorker.name) readonly model: Model<ProviderWorker & OutboxFields>) {}

  async find(providerId: string, workerId: string): Promise<ProviderWorker | null> {
    return this.model.findById(workerKey(providerId, workerId), HIDDEN).lean<ProviderWorker>().exec();
  }

  /** A page of one provider's staff in id order. */
  async listOfProvider(
    providerId: string,
    page: { after?: string; limit: number },
  ): Promise<ProviderWorker[]> {
    const query: Record<string, unknown> = { providerId };
    if (page.after) query._id = { $gt: workerKey(providerId, page.after) };
    return this.model.find(query, HIDDEN).sort({ _id: 1 }).limit(page.limit).lean<ProviderWorker[]>().exec();
  }

  /**
   * The coded facts of every active contact person on a street in `unit` (the count per
   * street of a city is hundreds; names are not read).
   */
  async contactPersonsIn(
    unit: string,
  ): Promise<Pick<ProviderWorker, 'streetPath' | 'role' | 'licence' | 'active'>[]> {
    const prefix = `^${unit.replace(/\./g, '\\.')}(\\.|$)`;
    return this.model
      .find(
        { streetPath: { $regex: prefix }, role: 'contact-person', active: true },
        { _id: 0, streetPath: 1, role: 1, licence: 1, active: 1 },
      )
      .lean<Pick<ProviderWorker, 'streetPath' | 'role' | 'licence' | 'active'>[]>()
      .exec();
  }

  /** Inserts with its event in one write; false if the worker exists already. */
  async insert(worker: ProviderWorker, events: EventEnvelope[]): Promise<boolean> {
    try {
      await this.model.create({ ...worker, ...withEvents(events) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** A change conditional on the revision read (see ProviderRepository.update). */
  async update(
    key: string,
    revision: number,
    set: Partial<ProviderWorker>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    const outbox = pushEvents(events);
    const fields = { ...set, revision: revision + 1 };
    const change =
      events.length > 0 ? { $set: { ...fields, ...outbox.$set }, $push: outbox.$push } : { $set: fields };
    return writeAggregate(this.model, key, async () => {
      const result = await this.model.updateOne({ _id: key, revision }, change).exec();
      return result.modifiedCount === 1;
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields, updateAggregate } from '#anlao/messaging';
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
  insert(worker: ProviderWorker, events: EventEnvelope[]): Promise<boolean> {
    return insertAggregate(this.model, worker, events);
  }

  /** A change conditional on the revision read (see ProviderRepository.update). */
  update(
    key: string,
    revision: number,
    set: Partial<ProviderWorker>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    return updateAggregate(this.model, key, revision, set, events);
  }
}

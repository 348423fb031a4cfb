import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate } from '#anlao/messaging';
import { Settlement } from './settlement.schema.js';

export interface SettlementListFilter {
  month?: string;
  contractId?: string;
}

@Injectable()
export class SettlementRepository {
  constructor(@InjectModel(Settlement.name) readonly model: Model<Settlement>) {}

  async findById(id: string): Promise<Settlement | null> {
    return this.model.findById(id).lean<Settlement>().exec();
  }

  /** False when the statement exists already (another run got there first): read it and decide again. */
  insert(settlement: Settlement): Promise<boolean> {
    return insertAggregate(this.model, settlement);
  }

  /** The whole statement, conditional on the revision read: false when another run replaced it meanwhile. */
  async replace(settlement: Settlement, readRevision: number): Promise<boolean> {
    const { _id, ...fields } = settlement;
    const result = await this.model.updateOne({ _id, revision: readRevision }, { $set: fields }).exec();
    return result.modifiedCount === 1;
  }

  /** The caller's scope and equality filters, paged by id. */
  async list(
    scope: Record<string, unknown>,
    filter: SettlementListFilter,
    page: { after?: string; limit: number },
  ): Promise<Settlement[]> {
    const and: Record<string, unknown>[] = [scope];
    if (filter.month) and.push({ month: filter.month });
    if (filter.contractId) and.push({ contractId: filter.contractId });
    if (page.after) and.push({ _id: { $gt: page.after } });
    return this.model.find({ $and: and }).sort({ _id: 1 }).limit(page.limit).lean<Settlement[]>().exec();
  }
}

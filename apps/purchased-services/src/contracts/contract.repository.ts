import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields, updateAggregate } from '#anlao/messaging';
import type { EventEnvelope, ServiceType } from '#anlao/events';
import { Contract, type ContractStatus, type ContractVersion } from './contract.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;
/** Lists and single reads leave the history out; `versions` reads it. */
const SUMMARY = { ...HIDDEN, versions: 0 } as const;

export interface ContractListFilter {
  providerId?: string;
  status?: ContractStatus;
  serviceType?: ServiceType;
  /** Contracts covering this unit, a unit inside it or a unit around it. */
  area?: string;
}

export type ContractSummary = Omit<Contract, 'versions'>;

@Injectable()
export class ContractRepository {
  constructor(@InjectModel(Contract.name) readonly model: Model<Contract & OutboxFields>) {}

  async findById(id: string): Promise<ContractSummary | null> {
    return this.model.findById(id, SUMMARY).lean<ContractSummary>().exec();
  }

  async findWithVersions(id: string): Promise<Contract | null> {
    return this.model.findById(id, HIDDEN).lean<Contract>().exec();
  }

  async list(
    scope: Record<string, unknown>,
    filter: ContractListFilter,
    page: { after?: string; limit: number },
  ): Promise<ContractSummary[]> {
    const and: Record<string, unknown>[] = [scope];
    if (filter.providerId) and.push({ providerId: filter.providerId });
    if (filter.status) and.push({ status: filter.status });
    if (filter.serviceType) and.push({ serviceTypes: filter.serviceType });
    if (filter.area) and.push({ areas: { $in: ancestorsAndSubtree(filter.area) } });
    if (page.after) and.push({ _id: { $gt: page.after } });
    return this.model
      .find({ $and: and }, SUMMARY)
      .sort({ _id: 1 })
      .limit(page.limit)
      .lean<ContractSummary[]>()
      .exec();
  }

  insert(contract: Contract, events: EventEnvelope[]): Promise<boolean> {
    return insertAggregate(this.model, contract, events);
  }

  /**
   * One conditional write (revision read) with its events and, for an amendment, the new
   * version appended to the history. Serialised per contract with the relay (`writeAggregate`).
   */
  update(
    id: string,
    revision: number,
    set: Partial<Contract>,
    events: EventEnvelope[],
    version?: ContractVersion,
  ): Promise<boolean> {
    return updateAggregate(this.model, id, revision, set, events, version ? { versions: version } : {});
  }
}

function ancestorsAndSubtree(area: string): (string | RegExp)[] {
  const codes = area.split('.');
  const ancestors = codes.slice(0, -1).map((_, i) => codes.slice(0, i + 1).join('.'));
  return [...ancestors, new RegExp(`^${area.replace(/\./g, '\\.')}(\\.|$)`)];
}

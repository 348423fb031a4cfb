import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ContractCopy, ProviderCopy, WorkerCopy } from './provider-directory.schema.js';

/** Look-ups by `_id` only, and whole-value upserts: an event applied twice ends in the same state. */
@Injectable()
export class ProviderDirectory {
  constructor(
    @InjectModel(ProviderCopy.name) private readonly providers: Model<ProviderCopy>,
    @InjectModel(WorkerCopy.name) private readonly workers: Model<WorkerCopy>,
    @InjectModel(ContractCopy.name) private readonly contracts: Model<ContractCopy>,
  ) {}

  provider(providerId: string): Promise<ProviderCopy | null> {
    return this.providers.findById(providerId).lean<ProviderCopy>().exec();
  }

  worker(providerId: string, workerId: string): Promise<WorkerCopy | null> {
    return this.workers.findById(`${providerId}:${workerId}`).lean<WorkerCopy>().exec();
  }

  contract(contractId: string): Promise<ContractCopy | null> {
    return this.contracts.findById(contractId).lean<ContractCopy>().exec();
  }

  async putProvider(providerId: string, operatingAreas: string[]): Promise<void> {
    await this.providers
      .updateOne({ _id: providerId }, { $set: { operatingAreas } }, { upsert: true })
      .exec();
  }

  async putWorker(providerId: string, workerId: string, active: boolean, licence: string): Promise<void> {
    await this.workers
      .updateOne({ _id: `${providerId}:${workerId}` }, { $set: { active, licence } }, { upsert: true })
      .exec();
  }

  async putContract(contract: ContractCopy): Promise<void> {
    const { _id, ...fields } = contract;
    await this.contracts.updateOne({ _id }, { $set: fields }, { upsert: true }).exec();
  }
}

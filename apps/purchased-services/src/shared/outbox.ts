import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MessagingRuntime, type OutboxRelay } from '#anlao/messaging';
import { Provider } from '../providers/provider.schema.js';
import { ProviderWorker } from '../providers/worker.schema.js';
import { Contract } from '../contracts/contract.schema.js';
import { Order } from '../orders/order.schema.js';

/** The relay that publishes what providers, their staff, contracts and orders hold in their outboxes. */
@Injectable()
export class PurchasedServicesOutbox implements OnApplicationBootstrap {
  private relay: OutboxRelay | undefined;

  constructor(
    private readonly runtime: MessagingRuntime,
    @InjectModel(Provider.name) private readonly providers: Model<Provider>,
    @InjectModel(ProviderWorker.name) private readonly workers: Model<ProviderWorker>,
    @InjectModel(Contract.name) private readonly contracts: Model<Contract>,
    @InjectModel(Order.name) private readonly orders: Model<Order>,
  ) {}

  onApplicationBootstrap(): void {
    this.relay = this.runtime.startRelay([this.providers, this.workers, this.contracts, this.orders]);
  }

  /** Publish at once what a request just stored, instead of at the next poll. */
  notify(): void {
    this.relay?.notify();
  }
}

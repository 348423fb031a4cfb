import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MessagingRuntime, type OutboxRelay } from '#anlao/messaging';
import { Centre } from '../centres/centre.schema.js';
import { Visit } from './visit.schema.js';

/** The relay that publishes what centres and visits hold in their outboxes. */
@Injectable()
export class VisitsOutbox implements OnApplicationBootstrap {
  private relay: OutboxRelay | undefined;

  constructor(
    private readonly runtime: MessagingRuntime,
    @InjectModel(Centre.name) private readonly centres: Model<Centre>,
    @InjectModel(Visit.name) private readonly visits: Model<Visit>,
  ) {}

  onApplicationBootstrap(): void {
    this.relay = this.runtime.startRelay([this.centres, this.visits]);
  }

  notify(): void {
    this.relay?.notify();
  }
}

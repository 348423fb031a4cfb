import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import {
  CardDigestCopyDoc,
  CardDigestCopySchema,
  ResidentCopyDoc,
  ResidentCopySchema,
} from './resident-copy.schema.js';
import { ResidentCopyRepository } from './resident-copy.repository.js';
import { residentsConsumerFor } from './residents.consumer.js';
import { RESIDENTS_READ_MODEL_GROUP, ResidentsCatchUp } from './residents-catch-up.js';

/**
 * A service's own copy of residents and their cards (ADR 0021): the collections, the consumer
 * that keeps them, the readiness check that holds the service back until it has caught up, and
 * the repository its use cases read. Every service that judges residents (centres accepting
 * visits, purchased services taking hotline orders, interventions enrolling members) imports it
 * with a consumer group of its own. The service's messaging must subscribe the residents topic.
 */
@Module({})
export class ResidentCopiesModule {
  static forService(groupId: string): DynamicModule {
    return {
      module: ResidentCopiesModule,
      imports: [
        MongooseModule.forFeature([
          { name: ResidentCopyDoc.name, schema: ResidentCopySchema },
          { name: CardDigestCopyDoc.name, schema: CardDigestCopySchema },
        ]),
      ],
      controllers: [residentsConsumerFor(groupId)],
      providers: [
        ResidentCopyRepository,
        ResidentsCatchUp,
        { provide: RESIDENTS_READ_MODEL_GROUP, useValue: groupId },
      ],
      exports: [ResidentCopyRepository, ResidentsCatchUp],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { AuthModule } from '#anlao/auth';
import { CONFIG, PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import { Centre, CentreSchema } from './centres/centre.schema.js';
import { CentreRepository } from './centres/centre.repository.js';
import { CentresController } from './centres/centres.controller.js';
import { RegisterCentreUseCase } from './centres/register-centre.usecase.js';
import { UpdateCentreUseCase } from './centres/update-centre.usecase.js';
import { DeactivateCentreUseCase } from './centres/deactivate-centre.usecase.js';
import { Visit, VisitSchema } from './visits/visit.schema.js';
import { VISIT_BATCH, VisitBatchSchema } from './visits/visit-batch.schema.js';
import { VisitRepository } from './visits/visit.repository.js';
import { RecordVisitsUseCase } from './visits/record-visits.usecase.js';
import { VisitsController } from './visits/visits.controller.js';
import { ResidentVisitsController, VisitQueriesController } from './visits/visit-queries.controller.js';
import { VisitReadsRepository } from './visits/visit-reads.repository.js';
import { VisitsOutbox } from './visits/visits-outbox.js';
import { CheckOutVisitsUseCase } from './visits/check-out-visits.usecase.js';
import { VoidVisitUseCase } from './visits/void-visit.usecase.js';
import { ResidentCopiesModule } from '#anlao/resident-copies';
import { CENTRES_CONFIG, CentresConfigSchema, centresConfigOf } from './centres.config.js';

/** The consumer group of centres' residents read model (its offsets and inbox entries). */
export const RESIDENTS_READ_MODEL_GROUP = 'centres.residents-read-model';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Centre.name, schema: CentreSchema },
      { name: Visit.name, schema: VisitSchema },
      { name: VISIT_BATCH, schema: VisitBatchSchema },
    ]),
    // Centres' own copy of residents and cards (ADR 0021), with a consumer group of its own.
    ResidentCopiesModule.forService(RESIDENTS_READ_MODEL_GROUP),
  ],
  controllers: [CentresController, VisitsController, VisitQueriesController, ResidentVisitsController],
  providers: [
    CentreRepository,
    RegisterCentreUseCase,
    UpdateCentreUseCase,
    DeactivateCentreUseCase,
    VisitRepository,
    VisitReadsRepository,
    RecordVisitsUseCase,
    CheckOutVisitsUseCase,
    VoidVisitUseCase,
    VisitsOutbox,
    { provide: CENTRES_CONFIG, useFactory: centresConfigOf, inject: [CONFIG] },
  ],
})
export class CentresModule {}

@Module({})
export class CentresAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: CentresAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.centres, Topics.identity, Topics.residents] }),
        AuthModule,
        CentresModule,
      ],
    };
  }
}

export const centresService: ServiceDefinition = {
  name: 'centres',
  title: 'Anlao centres',
  description: 'Day-care and community senior service centres, and the visits they report.',
  defaultPort: 3002,
  module: (config, logger) => CentresAppModule.register(config, logger),
  extraConfig: CentresConfigSchema,
  connectTransports: connectEventTransport,
};

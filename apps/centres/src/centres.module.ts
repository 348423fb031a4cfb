import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { MessagingModule } from '#anlao/messaging';
import { AuthModule } from '#anlao/auth';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import { Centre, CentreSchema } from './centres/centre.schema.js';
import { CentreRepository } from './centres/centre.repository.js';
import { CentresController } from './centres/centres.controller.js';
import { RegisterCentreUseCase } from './centres/register-centre.usecase.js';
import { Visit, VisitSchema } from './visits/visit.schema.js';
import { VisitRepository } from './visits/visit.repository.js';
import { RecordVisitsUseCase } from './visits/record-visits.usecase.js';
import { VisitsController } from './visits/visits.controller.js';
import { VisitsOutbox } from './visits/visits-outbox.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Centre.name, schema: CentreSchema },
      { name: Visit.name, schema: VisitSchema },
    ]),
  ],
  controllers: [CentresController, VisitsController],
  providers: [CentreRepository, RegisterCentreUseCase, VisitRepository, RecordVisitsUseCase, VisitsOutbox],
})
export class CentresModule {}

@Module({})
export class CentresAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: CentresAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.centres, Topics.identity] }),
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
};

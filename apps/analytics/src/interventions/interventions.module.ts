import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CONFIG, type ServiceConfig } from '#anlao/platform';
import { ANALYTICS_CONFIG, analyticsConfigOf } from '../analytics.config.js';
import {
  InterventionCounterDoc,
  InterventionCounterSchema,
  InterventionHoursLogDoc,
  InterventionHoursLogSchema,
  InterventionOutcomeListDoc,
  InterventionOutcomeListSchema,
  InterventionProgrammeDoc,
  InterventionProgrammeSchema,
} from './interventions.schema.js';
import { InterventionsProjector } from './interventions-projector.js';
import { InterventionsConsumer } from './interventions.consumer.js';
import { InterventionsRepository } from './interventions.repository.js';
import { InterventionsReportUseCase } from './interventions-report.usecase.js';
import { InterventionsController } from './interventions.controller.js';

/**
 * Interventions reports ([9/11]): the programmes, hours logs and unit × month counters kept by one
 * writer (group `analytics.interventions`), and the reports read from them by `_id`.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: InterventionProgrammeDoc.name, schema: InterventionProgrammeSchema },
      { name: InterventionHoursLogDoc.name, schema: InterventionHoursLogSchema },
      { name: InterventionCounterDoc.name, schema: InterventionCounterSchema },
      { name: InterventionOutcomeListDoc.name, schema: InterventionOutcomeListSchema },
    ]),
  ],
  controllers: [InterventionsConsumer, InterventionsController],
  providers: [
    InterventionsProjector,
    InterventionsRepository,
    InterventionsReportUseCase,
    {
      provide: ANALYTICS_CONFIG,
      inject: [CONFIG],
      useFactory: (config: ServiceConfig) => analyticsConfigOf(config),
    },
  ],
  exports: [InterventionsProjector],
})
export class InterventionsModule {}

import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { CONFIG, PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import { DailyCentreVisits, DailyCentreVisitsSchema } from './centre-visits/daily-visit-count.schema.js';
import { DailyCentreVisitsRepository } from './centre-visits/daily-visit-count.repository.js';
import { CountVisitUseCase } from './centre-visits/count-visit.usecase.js';
import { CentreVisitsConsumer } from './centre-visits/centre-visits.consumer.js';
import { CentreVisitsController } from './centre-visits/centre-visits.controller.js';
import { CentreDirectoryEntry, CentreDirectorySchema } from './centre-directory/centre-directory.schema.js';
import { CentreDirectoryRepository } from './centre-directory/centre-directory.repository.js';
import { CentreDirectoryConsumer } from './centre-directory/centre-directory.consumer.js';
import { AuthModule } from '#anlao/auth';
import { ResidentProfileDoc, ResidentProfileSchema } from './resident-profiles/resident-profile.schema.js';
import {
  CoverageCounterDoc,
  CoverageCounterSchema,
  OrgUnitDoc,
  OrgUnitSchema,
  ResidentMonthDoc,
  ResidentMonthSchema,
} from './coverage/coverage.schema.js';
import { CoverageProjector } from './coverage/coverage-projector.js';
import { MonthOpening } from './coverage/month-opening.js';
import { AtRiskUseCase } from './at-risk/at-risk.usecase.js';
import { AtRiskController } from './at-risk/at-risk.controller.js';
import { CoverageConsumer } from './coverage/coverage.consumer.js';
import { CoverageRepository } from './coverage/coverage.repository.js';
import { CoverageReportUseCase } from './coverage/coverage-report.usecase.js';
import { CoverageController } from './coverage/coverage.controller.js';
import { ANALYTICS_CONFIG, AnalyticsConfigSchema, analyticsConfigOf } from './analytics.config.js';
import { InterventionsModule } from './interventions/interventions.module.js';
import { AccessibilityModule } from './accessibility/accessibility.module.js';
import { GenerationsModule } from './generations/generations.module.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: DailyCentreVisits.name, schema: DailyCentreVisitsSchema },
      { name: CentreDirectoryEntry.name, schema: CentreDirectorySchema },
    ]),
  ],
  controllers: [CentreVisitsController, CentreVisitsConsumer, CentreDirectoryConsumer],
  providers: [DailyCentreVisitsRepository, CountVisitUseCase, CentreDirectoryRepository],
})
export class CentreVisitsModule {}

/**
 * Coverage ([9/11]): the residents' profiles, their elder-months and the unit × month counters, kept
 * by one writer (ADR 0029), and the reports read from the counters by `_id`.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ResidentProfileDoc.name, schema: ResidentProfileSchema },
      { name: ResidentMonthDoc.name, schema: ResidentMonthSchema },
      { name: CoverageCounterDoc.name, schema: CoverageCounterSchema },
      { name: OrgUnitDoc.name, schema: OrgUnitSchema },
    ]),
  ],
  controllers: [CoverageConsumer, CoverageController, AtRiskController],
  providers: [
    CoverageProjector,
    MonthOpening,
    CoverageRepository,
    CoverageReportUseCase,
    AtRiskUseCase,
    {
      provide: ANALYTICS_CONFIG,
      inject: [CONFIG],
      useFactory: (config: ServiceConfig) => analyticsConfigOf(config),
    },
  ],
  exports: [CoverageProjector, ANALYTICS_CONFIG],
})
export class CoverageModule {}

@Module({})
export class AnalyticsAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: AnalyticsAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({
          topics: [
            Topics.residents,
            Topics.centres,
            Topics.purchasedServices,
            Topics.interventions,
            Topics.identity,
          ],
        }),
        AuthModule,
        GenerationsModule,
        CentreVisitsModule,
        CoverageModule,
        InterventionsModule,
        AccessibilityModule,
      ],
    };
  }
}

export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  title: 'Anlao analytics',
  description:
    "Projections of every service's events: coverage, accessibility, visits over time. Rebuildable from Kafka.",
  defaultPort: 3005,
  extraConfig: AnalyticsConfigSchema,
  module: (config, logger) => AnalyticsAppModule.register(config, logger),
  connectTransports: connectEventTransport,
};

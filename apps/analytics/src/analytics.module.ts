import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import { DailyCentreVisits, DailyCentreVisitsSchema } from './centre-visits/daily-visit-count.schema.js';
import { DailyCentreVisitsRepository } from './centre-visits/daily-visit-count.repository.js';
import { CountVisitUseCase } from './centre-visits/count-visit.usecase.js';
import { CentreVisitsConsumer } from './centre-visits/centre-visits.consumer.js';
import { CentreVisitsController } from './centre-visits/centre-visits.controller.js';
import { CentreDirectoryEntry, CentreDirectorySchema } from './centre-directory/centre-directory.schema.js';
import { CentreDirectoryRepository } from './centre-directory/centre-directory.repository.js';
import { CentreDirectoryConsumer } from './centre-directory/centre-directory.consumer.js';
import { AuthModule } from '#anlao/auth';
import {
  ResidentProfileDoc,
  ResidentProfileSchema,
  ServedMonth,
  ServedMonthSchema,
} from './resident-profiles/resident-profile.schema.js';
import { ResidentProfileRepository } from './resident-profiles/resident-profile.repository.js';
import { ResidentProfilesConsumer } from './resident-profiles/resident-profiles.consumer.js';

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

/** Who the residents are and which months each was served in: what coverage is counted from ([9/11]). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ResidentProfileDoc.name, schema: ResidentProfileSchema },
      { name: ServedMonth.name, schema: ServedMonthSchema },
    ]),
  ],
  controllers: [ResidentProfilesConsumer],
  providers: [ResidentProfileRepository],
})
export class ResidentProfilesModule {}

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
        CentreVisitsModule,
        ResidentProfilesModule,
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
  module: (config, logger) => AnalyticsAppModule.register(config, logger),
  connectTransports: connectEventTransport,
};

import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AuthModule } from '#anlao/auth';
import { Topics } from '#anlao/events';
import { JobsModule } from '#anlao/jobs';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import { CardNumber, CardNumberSchema } from './cards/card.schema.js';
import { CardNumberRepository } from './cards/card-numbers.repository.js';
import { CardsUseCase } from './cards/cards.usecase.js';
import {
  DailyEligibilityRun,
  DailyEligibilityRunSchema,
  DailyEligibilityState,
  DailyEligibilityStateSchema,
} from './eligibility/daily-eligibility.schema.js';
import { DailyEligibilityJob } from './eligibility/daily-eligibility.job.js';
import { EligibilityController } from './eligibility/eligibility.controller.js';
import { EligibilityService } from './eligibility/eligibility.service.js';
import { ReassessResidentsUseCase } from './eligibility/reassess-residents.usecase.js';
import { ReassessmentJob } from './eligibility/reassessment.job.js';
import { StoredRuleSet, StoredRuleSetSchema } from './eligibility/rule-set.schema.js';
import { OrgUnit, OrgUnitSchema } from './org-units/org-unit.schema.js';
import { OrgUnitsController } from './org-units/org-units.controller.js';
import { OrgUnitsUseCase } from './org-units/org-units.usecase.js';
import { ImportResidentsJob } from './residents/import-residents.job.js';
import { ImportResidentsUseCase } from './residents/import-residents.usecase.js';
import { RegistryUseCase } from './residents/registry.usecase.js';
import { ResidentRepository } from './residents/resident.repository.js';
import { Resident, ResidentSchema } from './residents/resident.schema.js';
import { CardsController, ResidentsController } from './residents/residents.controller.js';
import { RESIDENTS_CONFIG, ResidentsConfigSchema, residentsConfigOf } from './residents.config.js';
import { ResidentsMessaging } from './residents-messaging.js';
import { DebitRejection, DebitRejectionSchema, Wallet, WalletSchema } from './wallets/wallet.schema.js';
import { CreditRunJob } from './wallets/credit-run.job.js';
import { WalletsController } from './wallets/wallets.controller.js';
import { WalletDebitsConsumer } from './wallets/wallet-debits.consumer.js';
import { WalletsUseCase } from './wallets/wallets.usecase.js';

/** CSV imports may be larger than JSON requests: up to 10 MiB (some 50,000 rows). */
export const CSV_BODY_LIMIT = 10 * 1024 * 1024;

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: OrgUnit.name, schema: OrgUnitSchema },
      { name: Resident.name, schema: ResidentSchema },
      { name: StoredRuleSet.name, schema: StoredRuleSetSchema },
      { name: DailyEligibilityState.name, schema: DailyEligibilityStateSchema },
      { name: DailyEligibilityRun.name, schema: DailyEligibilityRunSchema },
      { name: CardNumber.name, schema: CardNumberSchema },
      { name: Wallet.name, schema: WalletSchema },
      { name: DebitRejection.name, schema: DebitRejectionSchema },
    ]),
  ],
  controllers: [
    OrgUnitsController,
    ResidentsController,
    CardsController,
    EligibilityController,
    WalletsController,
    WalletDebitsConsumer,
  ],
  providers: [
    OrgUnitsUseCase,
    ResidentRepository,
    EligibilityService,
    RegistryUseCase,
    CardNumberRepository,
    CardsUseCase,
    WalletsUseCase,
    ResidentsMessaging,
    DailyEligibilityJob,
    ReassessResidentsUseCase,
    ImportResidentsUseCase,
    CreditRunJob,
    ReassessmentJob,
    ImportResidentsJob,
  ],
})
export class ResidentsFeaturesModule {}

@Module({})
export class ResidentsAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: ResidentsAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.residents, Topics.identity, Topics.purchasedServices] }),
        AuthModule,
        JobsModule.forRoot(),
        {
          module: ResidentsConfigModule,
          global: true,
          providers: [{ provide: RESIDENTS_CONFIG, useValue: residentsConfigOf(config) }],
          exports: [RESIDENTS_CONFIG],
        },
        ResidentsFeaturesModule,
      ],
    };
  }
}

@Module({})
class ResidentsConfigModule {}

export const residentsService: ServiceDefinition = {
  name: 'residents',
  title: 'Anlao residents',
  description: 'Org units, residents, eligibility rule sets, service cards and subsidy wallets.',
  defaultPort: 3001,
  extraConfig: ResidentsConfigSchema,
  configureHttp: (app: NestFastifyApplication) => {
    app
      .getHttpAdapter()
      .getInstance()
      .addContentTypeParser(
        'text/csv',
        { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT },
        (_req, body, done) => done(null, body),
      );
    return Promise.resolve();
  },
  module: (config, logger) => ResidentsAppModule.register(config, logger),
  connectTransports: connectEventTransport,
};

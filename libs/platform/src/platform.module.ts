import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { databaseName, type ServiceConfig } from './config.js';
import { HealthModule } from './health.js';
import { RetentionJobs } from './retention-jobs.js';
import { applySingleBatch } from './single-batch.js';

export const CONFIG = Symbol('anlao.config');
export const LOGGER = Symbol('anlao.logger');

/**
 * What every service shares: validated config, the pino logger, its own database
 * and the health endpoints.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        MongooseModule.forRoot(config.MONGO_URL, {
          dbName: databaseName(config),
          appName: config.SERVICE,
          serverSelectionTimeoutMS: 10_000,
          // A connection the store stopped answering on (half-open TCP, a frozen process) fails
          // instead of hanging for ever: the caller gets an infrastructure error and retries.
          socketTimeoutMS: 60_000,
          // Acknowledged means durable on a majority: what a centre has been told is stored stays stored.
          writeConcern: { w: 'majority', j: true },
          // FerretDB answers standalone; retryable writes need a replica set.
          retryWrites: false,
          connectionFactory: applySingleBatch,
        }),
        HealthModule,
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: RetentionJobs,
          useFactory: () => new RetentionJobs(config, logger.child({ component: 'retention' })),
        },
      ],
      exports: [CONFIG, LOGGER, HealthModule, RetentionJobs],
    };
  }
}

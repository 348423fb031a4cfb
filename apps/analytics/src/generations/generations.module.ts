import { Global, Module } from '@nestjs/common';
import { CONFIG, type ServiceConfig } from '#anlao/platform';
import { ANALYTICS_CONFIG, analyticsConfigOf } from '../analytics.config.js';
import { GenerationalConsumers } from './generational-consumers.js';
import { Generations } from './generations.js';
import { RebuildController } from './rebuild.controller.js';

/**
 * Generations of the projections and their rebuild (ADR 0030). Global: every lane's projector and
 * repository resolves its database through `Generations`.
 */
@Global()
@Module({
  controllers: [RebuildController],
  providers: [
    Generations,
    GenerationalConsumers,
    {
      provide: ANALYTICS_CONFIG,
      inject: [CONFIG],
      useFactory: (config: ServiceConfig) => analyticsConfigOf(config),
    },
  ],
  exports: [Generations, GenerationalConsumers],
})
export class GenerationsModule {}

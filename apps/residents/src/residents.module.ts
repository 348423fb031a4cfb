import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { MessagingModule } from '#anlao/messaging';
import { AuthModule } from '#anlao/auth';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';

/** Org units, residents, eligibility, service cards and subsidy wallets. Features arrive with their roadmap items; until then it serves health and its OpenAPI document. */
@Module({})
export class ResidentsAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: ResidentsAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.residents, Topics.identity] }),
        AuthModule,
      ],
    };
  }
}

export const residentsService: ServiceDefinition = {
  name: 'residents',
  title: 'Anlao residents',
  description: 'Org units, residents, eligibility, service cards and subsidy wallets.',
  defaultPort: 3001,
  module: (config, logger) => ResidentsAppModule.register(config, logger),
};

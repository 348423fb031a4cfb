import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { AuthModule } from '#anlao/auth';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';

/** Group interventions: programmes, sessions, attendance, assessments and outcomes. Features arrive with their roadmap items; until then it serves health and its OpenAPI document. */
@Module({})
export class InterventionsAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: InterventionsAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.interventions, Topics.identity] }),
        AuthModule,
      ],
    };
  }
}

export const interventionsService: ServiceDefinition = {
  name: 'interventions',
  title: 'Anlao interventions',
  description: 'Group interventions: programmes, sessions, attendance, assessments and outcomes.',
  defaultPort: 3004,
  module: (config, logger) => InterventionsAppModule.register(config, logger),
  connectTransports: connectEventTransport,
};

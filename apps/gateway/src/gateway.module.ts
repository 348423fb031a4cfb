import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { MessagingModule } from '#anlao/messaging';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';

/** The single entry point: sign-in, routing, dashboard and the combined OpenAPI document. Features arrive with their roadmap items; until then it serves health and its OpenAPI document. */
@Module({})
export class GatewayAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.residents, Topics.centres] }),
      ],
    };
  }
}

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  title: 'Anlao gateway',
  description: 'The single entry point: sign-in, routing, dashboard and the combined OpenAPI document.',
  defaultPort: 3000,
  module: (config, logger) => GatewayAppModule.register(config, logger),
};

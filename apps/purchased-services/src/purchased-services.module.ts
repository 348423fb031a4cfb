import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { AuthModule } from '#anlao/auth';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';

/** Providers, contracts, service orders, deliveries and settlements. Features arrive with their roadmap items; until then it serves health and its OpenAPI document. */
@Module({})
export class PurchasedServicesAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: PurchasedServicesAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.purchasedServices, Topics.identity] }),
        AuthModule,
      ],
    };
  }
}

export const purchasedServicesService: ServiceDefinition = {
  name: 'purchased-services',
  title: 'Anlao purchased-services',
  description: 'Providers, contracts, service orders, deliveries and settlements.',
  defaultPort: 3003,
  module: (config, logger) => PurchasedServicesAppModule.register(config, logger),
  connectTransports: connectEventTransport,
};

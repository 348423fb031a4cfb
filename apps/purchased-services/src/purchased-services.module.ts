import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { AuthModule } from '#anlao/auth';
import { CONFIG, PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import {
  PURCHASED_SERVICES_CONFIG,
  PurchasedServicesConfigSchema,
  purchasedServicesConfigOf,
} from './purchased-services.config.js';
import { ServiceTypesController } from './catalogue/service-types.controller.js';
import { Provider, ProviderSchema } from './providers/provider.schema.js';
import { ProviderWorker, ProviderWorkerSchema } from './providers/worker.schema.js';
import { ProviderRepository } from './providers/provider.repository.js';
import { WorkerRepository } from './providers/worker.repository.js';
import { RegisterProviderUseCase } from './providers/register-provider.usecase.js';
import { UpdateProviderUseCase } from './providers/update-provider.usecase.js';
import { PutWorkerUseCase } from './providers/put-worker.usecase.js';
import { ProvidersController } from './providers/providers.controller.js';
import { ContactPersonsController, WorkersController } from './providers/workers.controller.js';
import { Contract, ContractSchema } from './contracts/contract.schema.js';
import { ContractRepository } from './contracts/contract.repository.js';
import { SignContractUseCase } from './contracts/sign-contract.usecase.js';
import { AmendContractUseCase } from './contracts/amend-contract.usecase.js';
import { CloseContractUseCase } from './contracts/close-contract.usecase.js';
import { ContractsController } from './contracts/contracts.controller.js';
import { PurchasedServicesOutbox } from './shared/outbox.js';
import { ResidentCopiesModule } from '#anlao/resident-copies';
import { Order, OrderSchema } from './orders/order.schema.js';
import { OrderRepository } from './orders/order.repository.js';
import { ContractMoney } from './orders/contract-money.js';
import { CreateOrderUseCase } from './orders/create-order.usecase.js';
import { DispatchOrderUseCase } from './orders/dispatch-order.usecase.js';
import { TransitionOrderUseCase } from './orders/transition-order.usecase.js';
import { OrdersController } from './orders/orders.controller.js';
import { DispatchByStaffUseCase } from './orders/dispatch-by-staff.usecase.js';
import { RecordPaymentUseCase } from './orders/record-payment.usecase.js';
import { RedispatchOrdersUseCase } from './orders/redispatch-orders.usecase.js';
import { OrderPaymentsConsumer } from './orders/order-payments.consumer.js';
import { OrderFollowUpConsumer } from './orders/order-follow-up.consumer.js';
import { JobsModule } from '#anlao/jobs';
import { Settlement, SettlementSchema } from './settlements/settlement.schema.js';
import { SettlementRepository } from './settlements/settlement.repository.js';
import { SettlementOrders } from './settlements/settlement-orders.js';
import { GenerateSettlementUseCase } from './settlements/generate-settlement.usecase.js';
import { SettlementJob } from './settlements/settlement.job.js';
import { SettlementsController } from './settlements/settlements.controller.js';

/** This service's consumer group on the residents topic (each reader of it needs its own). */
export const RESIDENTS_READ_MODEL_GROUP = 'purchased-services.residents-read-model';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Provider.name, schema: ProviderSchema },
      { name: ProviderWorker.name, schema: ProviderWorkerSchema },
      { name: Contract.name, schema: ContractSchema },
      { name: Order.name, schema: OrderSchema },
      { name: Settlement.name, schema: SettlementSchema },
    ]),
    // Hotline orders judge the resident from this local copy, never by calling residents (ADR 0021).
    ResidentCopiesModule.forService(RESIDENTS_READ_MODEL_GROUP),
  ],
  controllers: [
    ServiceTypesController,
    ProvidersController,
    WorkersController,
    ContactPersonsController,
    ContractsController,
    OrdersController,
    OrderPaymentsConsumer,
    OrderFollowUpConsumer,
    SettlementsController,
  ],
  providers: [
    ProviderRepository,
    WorkerRepository,
    ContractRepository,
    RegisterProviderUseCase,
    UpdateProviderUseCase,
    PutWorkerUseCase,
    SignContractUseCase,
    AmendContractUseCase,
    CloseContractUseCase,
    OrderRepository,
    ContractMoney,
    CreateOrderUseCase,
    DispatchOrderUseCase,
    TransitionOrderUseCase,
    DispatchByStaffUseCase,
    RecordPaymentUseCase,
    RedispatchOrdersUseCase,
    PurchasedServicesOutbox,
    SettlementRepository,
    SettlementOrders,
    GenerateSettlementUseCase,
    SettlementJob,
    { provide: PURCHASED_SERVICES_CONFIG, useFactory: purchasedServicesConfigOf, inject: [CONFIG] },
  ],
})
export class PurchasedServicesModule {}

/** Providers, their staff and contracts (ADR 0023), service orders and their payment (ADR 0025, 0026). */
@Module({})
export class PurchasedServicesAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: PurchasedServicesAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.purchasedServices, Topics.identity, Topics.residents] }),
        AuthModule,
        // Background jobs (ADR 0019): monthly settlement statements (ADR 0027).
        JobsModule.forRoot(),
        PurchasedServicesModule,
      ],
    };
  }
}

export const purchasedServicesService: ServiceDefinition = {
  name: 'purchased-services',
  title: 'Anlao purchased-services',
  description: 'Service catalogue, providers and their staff, purchase contracts, service orders.',
  defaultPort: 3003,
  module: (config, logger) => PurchasedServicesAppModule.register(config, logger),
  extraConfig: PurchasedServicesConfigSchema,
  connectTransports: connectEventTransport,
};

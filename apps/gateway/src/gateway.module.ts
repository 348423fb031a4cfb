import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { AuthModule } from '#anlao/auth';
import { Topics } from '#anlao/events';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { createLogger, PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import { AuditController } from './audit/audit.controller.js';
import {
  AuditChainHead,
  AuditChainHeadSchema,
  AuditEntry,
  AuditEntrySchema,
} from './audit/audit-entry.schema.js';
import { AuditKeeper } from './audit/audit-keeper.js';
import { AuditLog } from './audit/audit.service.js';
import { GATEWAY_CONFIG, GatewayConfigSchema, gatewayConfigOf } from './gateway.config.js';
import { GatewayRetention } from './gateway-retention.js';
import { ApiClientsUseCase, StaffAccountsUseCase } from './identity/account.usecases.js';
import { ApiClient, ApiClientSchema } from './identity/api-client.schema.js';
import { CentreEntry, CentreEntrySchema } from './identity/centre-directory.schema.js';
import { CredentialsRepository } from './identity/credentials.repository.js';
import { ApiClientsController, AuthController, StaffController } from './identity/identity.controller.js';
import { IdentityMessaging } from './identity/identity-messaging.js';
import { Session, SessionSchema } from './identity/session.schema.js';
import { SignInFailure, SignInFailureSchema } from './identity/sign-in-failure.schema.js';
import { SignInFailures } from './identity/sign-in-failures.repository.js';
import { RefreshSessionUseCase, SessionTokensFactory, SignInUseCase } from './identity/sign-in.usecase.js';
import { StaffAccount, StaffAccountSchema } from './identity/staff-account.schema.js';
import { TokenIssuer } from './identity/token-issuer.js';
import { configureGatewayEdge } from './proxy/edge.js';
import { fetchServiceDocuments, mergeOpenApi } from './proxy/openapi-merge.js';

export const IDENTITY_MODELS = MongooseModule.forFeature([
  { name: StaffAccount.name, schema: StaffAccountSchema },
  { name: ApiClient.name, schema: ApiClientSchema },
  { name: Session.name, schema: SessionSchema },
  { name: CentreEntry.name, schema: CentreEntrySchema },
  { name: AuditEntry.name, schema: AuditEntrySchema },
  { name: AuditChainHead.name, schema: AuditChainHeadSchema },
  { name: SignInFailure.name, schema: SignInFailureSchema },
]);

@Module({
  imports: [IDENTITY_MODELS],
  controllers: [
    AuthController,
    StaffController,
    ApiClientsController,
    AuditController,
    AuditKeeper,
    IdentityMessaging,
  ],
  providers: [
    CredentialsRepository,
    SignInFailures,
    TokenIssuer,
    SessionTokensFactory,
    SignInUseCase,
    RefreshSessionUseCase,
    StaffAccountsUseCase,
    ApiClientsUseCase,
    AuditLog,
    GatewayRetention,
  ],
  exports: [CredentialsRepository, AuditLog],
})
export class IdentityModule {}

@Module({})
export class GatewayAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.identity, Topics.centres, Topics.audit] }),
        AuthModule,
        {
          module: GatewayConfigModule,
          global: true,
          providers: [{ provide: GATEWAY_CONFIG, useValue: gatewayConfigOf(config) }],
          exports: [GATEWAY_CONFIG],
        },
        IdentityModule,
      ],
    };
  }
}

@Module({})
class GatewayConfigModule {}

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  title: 'Anlao API',
  description:
    'One base URL for people and integrators: sign-in, API clients, audit, and every service under /api/<service>. ' +
    'Staff sign in at POST /auth/sign-in; centres and organisations get tokens at POST /auth/token.',
  defaultPort: 3000,
  extraConfig: GatewayConfigSchema,
  configureHttp: configureGatewayEdge,
  extendOpenApi: async (document, config) => {
    const logger = createLogger('gateway', config.LOG_LEVEL);
    const services = await fetchServiceDocuments(
      gatewayConfigOf(config).services,
      config.NODE_ENV === 'test' ? 0 : 30_000,
      (name) => logger.warn({ service: name }, 'service OpenAPI document not available; left out of /docs'),
    );
    return mergeOpenApi(document, services);
  },
  module: (config, logger) => GatewayAppModule.register(config, logger),
  connectTransports: connectEventTransport,
};

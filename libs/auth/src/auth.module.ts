import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccessGuard, AccessTokenStrategy } from './access.js';
import { AuditInterceptor } from './audit-interceptor.js';
import { AuditTrail } from './audit-trail.js';
import { RevocationConsumer, RevocationList } from './revocations.js';

/**
 * Token verification, role guard on every route, revocations from `anlao.identity.v1`
 * (read to the end before the service serves), and the audit trail of every route.
 */
@Global()
@Module({
  imports: [PassportModule],
  providers: [
    RevocationList,
    RevocationConsumer,
    AccessTokenStrategy,
    AuditTrail,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [RevocationList, AuditTrail],
})
export class AuthModule {}

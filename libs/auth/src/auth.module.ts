import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccessGuard, AccessTokenStrategy } from './access.js';
import { RevocationConsumer, RevocationList } from './revocations.js';

/** Token verification, role guard on every route, revocations from `anlao.identity.v1`. */
@Global()
@Module({
  imports: [PassportModule],
  providers: [
    RevocationList,
    RevocationConsumer,
    AccessTokenStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [RevocationList],
})
export class AuthModule {}

import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { CONFIG, DomainError, IS_PUBLIC, type ServiceConfig } from '#anlao/platform';
import { principalFromClaims, type Principal } from './principal.js';
import { RevocationList } from './revocations.js';
import type { Role } from './roles.js';
import { TOKEN_ALGORITHM } from './tokens.js';

export const ACCESS_ROLES = 'anlao:access-roles';
export const AUDIT_CLASS = 'anlao:audit-class';

/**
 * What the audit trail records of a route, declared next to who may call it:
 * - `read`: no personal data (counts, rule sets, places): not recorded;
 * - `personal-read`: one person's record: principal, route and the target id;
 * - `bulk-personal-read`: a list of personal records: the filter and the count;
 * - `write`: any change; `admin`: accounts, credentials, city-wide jobs, the audit log itself.
 */
export const AUDIT_CLASSES = ['read', 'personal-read', 'bulk-personal-read', 'write', 'admin'] as const;
export type AuditClass = (typeof AUDIT_CLASSES)[number];

/**
 * The audit class and the roles that may call a route. Every route needs either
 * this or `@Public()`; a route with neither is refused (fail closed). Scope is
 * checked by the use case against the record, with the helpers in `scope.ts`.
 */
export const Access = (audit: AuditClass, ...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_ROLES, roles),
    SetMetadata(AUDIT_CLASS, audit),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no token, or a bad, expired or revoked one' }),
    ApiForbiddenResponse({ description: `roles allowed: ${roles.join(', ')}` }),
  );

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ user?: Principal }>().user;
  if (!principal) throw new DomainError('unauthenticated', 'auth.unauthenticated', 'sign in first');
  return principal;
});

export const STRATEGY = 'anlao-access-token';

@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, STRATEGY) {
  constructor(
    @Inject(CONFIG) config: ServiceConfig,
    private readonly revocations: RevocationList,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.AUTH_PUBLIC_KEY,
      algorithms: [TOKEN_ALGORITHM],
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      jsonWebTokenOptions: { clockTolerance: 5 },
    });
  }

  validate(claims: unknown): Principal {
    this.revocations.assertCurrent();
    const principal = principalFromClaims(claims);
    if (!principal)
      throw new DomainError(
        'unauthenticated',
        'auth.invalid-token',
        'the token does not carry a valid role and scope',
      );
    if (this.revocations.isRevoked(principal.subject, principal.version)) {
      throw new DomainError('unauthenticated', 'auth.revoked', 'these credentials have been revoked');
    }
    return principal;
  }
}

/** Global guard: public routes pass; others need a valid token and one of the route's roles. */
@Injectable()
export class AccessGuard extends AuthGuard(STRATEGY) implements CanActivate {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // Events reach handlers only through the service's own consumer, from topics it trusts.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ACCESS_ROLES, targets);
    await super.canActivate(context);
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (!roles || !principal || !roles.includes(principal.role)) {
      throw new DomainError('forbidden', 'auth.role-forbidden', 'your role may not do this');
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error instanceof DomainError) throw error;
    if (!user) {
      const reason = info instanceof Error ? info.message : 'no bearer token';
      throw new DomainError('unauthenticated', 'auth.invalid-token', `authentication failed: ${reason}`);
    }
    return user;
  }
}

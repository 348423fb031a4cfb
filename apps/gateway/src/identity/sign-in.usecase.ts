import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#anlao/platform';
import { AuditLog } from '../audit/audit.service.js';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config.js';
import { CredentialsRepository } from './credentials.repository.js';
import { afterFailure, afterSuccess, isLocked } from './lockout.js';
import { DUMMY_PASSWORD_HASH, digest, newSecret, verifyPassword } from './secrets.js';
import { TokenIssuer, type IssuedAccessToken } from './token-issuer.js';
import type { StaffAccount } from './staff-account.schema.js';

export type SessionTokens = IssuedAccessToken & { refreshToken: string; refreshExpiresIn: number };

/** One message for every sign-in failure: it must not tell which accounts exist. */
const BAD_CREDENTIALS = new DomainError(
  'unauthenticated',
  'auth.bad-credentials',
  'unknown username or wrong password',
);

@Injectable()
export class SessionTokensFactory {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly tokens: TokenIssuer,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** An access token and a fresh refresh token bound to the account's current credential version. */
  async issue(account: StaffAccount, now = new Date()): Promise<SessionTokens> {
    const refreshToken = newSecret();
    await this.credentials.createSession({
      _id: digest(refreshToken),
      staffId: account._id,
      credentialVersion: account.credentialVersion,
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      usedAt: null,
    });
    const access = this.tokens.access(
      { sub: account._id, ver: account.credentialVersion, role: account.role, orgUnit: account.orgUnit },
      this.config.ACCESS_TOKEN_TTL_SECONDS,
    );
    return { ...access, refreshToken, refreshExpiresIn: this.config.REFRESH_TOKEN_TTL_SECONDS };
  }
}

@Injectable()
export class SignInUseCase {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionTokensFactory,
    private readonly audit: AuditLog,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute(
    username: string,
    password: string,
    correlationId: string,
    now = new Date(),
  ): Promise<SessionTokens> {
    const account = await this.credentials.findStaffByUsername(username);
    // Hash even for unknown names, so timing does not reveal which names exist.
    const passwordOk = await verifyPassword(password, account?.passwordHash ?? DUMMY_PASSWORD_HASH);
    const actor = { kind: 'anonymous' as const, subject: account?._id ?? null };
    const orgUnit = account?.orgUnit ?? 'unknown';
    if (!account || account.status !== 'active') {
      await this.audit.record({
        action: 'auth.sign-in-failed',
        actor,
        orgUnit,
        outcome: 'unknown-or-disabled',
        correlationId,
      });
      throw BAD_CREDENTIALS;
    }
    if (isLocked(account, now)) {
      await this.audit.record({
        action: 'auth.sign-in-failed',
        actor,
        orgUnit,
        outcome: 'locked',
        correlationId,
      });
      throw new DomainError(
        'too-many-requests',
        'auth.locked',
        'too many failed sign-ins; try again later',
        [],
        {
          retryAfterSeconds: Math.ceil(
            ((account.lockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000,
          ),
        },
      );
    }
    if (!passwordOk) {
      const next = afterFailure(
        account,
        { threshold: this.config.LOCKOUT_THRESHOLD, lockSeconds: this.config.LOCKOUT_SECONDS },
        now,
      );
      await this.credentials.setLockState(account._id, next.failedAttempts, next.lockedUntil);
      const locked = isLocked(next, now);
      await this.audit.record({
        action: locked ? 'auth.locked' : 'auth.sign-in-failed',
        actor,
        orgUnit,
        outcome: locked ? 'locked' : 'wrong-password',
        correlationId,
      });
      throw BAD_CREDENTIALS;
    }
    const reset = afterSuccess();
    if (account.failedAttempts !== 0 || account.lockedUntil) {
      await this.credentials.setLockState(account._id, reset.failedAttempts, reset.lockedUntil);
    }
    const tokens = await this.sessions.issue(account, now);
    await this.audit.record({
      action: 'auth.sign-in',
      actor: { kind: 'anonymous', subject: account._id },
      orgUnit,
      outcome: 'ok',
      correlationId,
    });
    return tokens;
  }
}

@Injectable()
export class RefreshSessionUseCase {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionTokensFactory,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Rotates a refresh token. A token presented a second time means it was stolen
   * (or replayed): every token of the account is revoked.
   */
  async execute(refreshToken: string, correlationId: string, now = new Date()): Promise<SessionTokens> {
    const used = await this.credentials.useSession(digest(refreshToken), now);
    const invalid = new DomainError(
      'unauthenticated',
      'auth.invalid-refresh-token',
      'the refresh token is not valid',
    );
    if (!used) throw invalid;
    const account = await this.credentials.findStaff(used.session.staffId);
    if (!account || account.status !== 'active') throw invalid;
    if (!used.firstUse) {
      await this.credentials.revoke('staff', account._id, account.orgUnit, 'revoked', correlationId);
      await this.audit.record({
        action: 'auth.refresh-replayed',
        actor: { kind: 'anonymous', subject: account._id },
        orgUnit: account.orgUnit,
        outcome: 'all-tokens-revoked',
        correlationId,
      });
      throw invalid;
    }
    if (used.session.expiresAt <= now || used.session.credentialVersion !== account.credentialVersion)
      throw invalid;
    return this.sessions.issue(account, now);
  }
}

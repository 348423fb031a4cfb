import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#anlao/platform';
import { AuditLog } from '../audit/audit.service.js';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config.js';
import { CredentialsRepository } from './credentials.repository.js';
import { isLocked, retryAfterSeconds } from './lockout.js';
import { DUMMY_PASSWORD_HASH, digest, hashPassword, newSecret, verifyPassword } from './secrets.js';
import { SignInFailures } from './sign-in-failures.repository.js';
import { weakPassword } from './weak-password.js';
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
    private readonly failures: SignInFailures,
    private readonly sessions: SessionTokensFactory,
    private readonly audit: AuditLog,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * `newPassword` is needed only after an administrator's reset: the one-time
   * password signs in once, together with the password that replaces it.
   */
  async execute(
    username: string,
    password: string,
    correlationId: string,
    now = new Date(),
    newPassword?: string,
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
    // Read after the (slow) hash, so the state is as fresh as it can be.
    const lock = await this.failures.state(account._id);
    if (isLocked(lock, now)) {
      await this.audit.record({
        action: 'auth.sign-in-failed',
        actor,
        orgUnit,
        outcome: 'locked',
        correlationId,
      });
      throw lockedError(retryAfterSeconds(lock, now));
    }
    const policy = { threshold: this.config.LOCKOUT_THRESHOLD, lockSeconds: this.config.LOCKOUT_SECONDS };
    if (!passwordOk) {
      const failure = await this.failures.recordFailure(account._id, lock.epoch, policy, now);
      await this.audit.record({
        action: failure.outcome === 'locked' ? 'auth.locked' : 'auth.sign-in-failed',
        actor,
        orgUnit,
        outcome:
          failure.outcome === 'locked'
            ? 'locked'
            : failure.outcome === 'counted'
              ? 'wrong-password'
              : 'wrong-password-not-counted',
        correlationId,
      });
      throw BAD_CREDENTIALS;
    }
    await this.failures.recordSuccess(account._id, lock.epoch, policy, now);
    const signedIn = account.mustChangePassword
      ? await this.replaceOneTimePassword(account, password, newPassword, correlationId)
      : account;
    const tokens = await this.sessions.issue(signedIn, now);
    await this.audit.record({
      action: 'auth.sign-in',
      actor: { kind: 'anonymous', subject: account._id },
      orgUnit,
      outcome: 'ok',
      correlationId,
    });
    return tokens;
  }

  private async replaceOneTimePassword(
    account: StaffAccount,
    oneTime: string,
    next: string | undefined,
    correlationId: string,
  ): Promise<StaffAccount> {
    if (next === undefined) {
      throw new DomainError(
        'forbidden',
        'auth.password-change-required',
        'this password was set by an administrator: sign in again with a newPassword of your own',
      );
    }
    const weak = weakPassword(next, 'newPassword');
    if (weak) throw weak;
    if (next === oneTime) {
      throw new DomainError(
        'invalid',
        'auth.password-reused',
        'choose a password other than the one-time one',
        [{ field: 'newPassword', message: 'differs from the one-time password' }],
      );
    }
    const passwordHash = await hashPassword(next);
    await this.credentials.setPassword(account._id, passwordHash, false);
    await this.audit.record({
      action: 'auth.password-changed',
      actor: { kind: 'anonymous', subject: account._id },
      orgUnit: account.orgUnit,
      outcome: 'one-time-password-replaced',
      correlationId,
    });
    return { ...account, passwordHash, mustChangePassword: false };
  }
}

function lockedError(retryAfterSeconds: number): DomainError {
  return new DomainError(
    'too-many-requests',
    'auth.locked',
    'too many failed sign-ins; try again later',
    [],
    {
      retryAfterSeconds,
    },
  );
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

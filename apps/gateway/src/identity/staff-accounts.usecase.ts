import { Inject, Injectable } from '@nestjs/common';
import { scopeFilter, type Principal, type StaffRole } from '#anlao/auth';
import { DomainError, type PageQuery } from '#anlao/platform';
import { AuditLog } from '../audit/audit.service.js';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config.js';
import { decideAccountOperation, type AccountOperation } from './account-grants.js';
import { CredentialsRepository } from './credentials.repository.js';
import { newStaffAccount, type NewStaff } from './new-staff-account.js';
import { hashPassword, newSecret, verifyPassword } from './secrets.js';
import { SignInFailures } from './sign-in-failures.repository.js';
import type { StaffAccount } from './staff-account.schema.js';
import { weakPassword } from './weak-password.js';

type Staff = Extract<Principal, { kind: 'staff' }>;

export function staffOf(principal: Principal): Staff {
  if (principal.kind !== 'staff') throw new DomainError('forbidden', 'auth.role-forbidden', 'staff only');
  return principal;
}

/** Every account operation goes through `decideAccountOperation`: one matrix, no per-route checks. */
@Injectable()
export class StaffAccountsUseCase {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly failures: SignInFailures,
    private readonly audit: AuditLog,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Creates an account in the creator's unit or below, with a role no wider than the creator may grant. */
  async create(principal: Principal, input: NewStaff, correlationId: string): Promise<StaffAccount> {
    const creator = staffOf(principal);
    enforce(
      decideAccountOperation(creator, 'create', { staffId: null, role: input.role, orgUnit: input.orgUnit }),
    );
    const weak = weakPassword(input.password);
    if (weak) throw weak;
    const account = await createStaffAccount(this.credentials, input);
    await this.record('staff.created', creator, account, correlationId);
    return account;
  }

  /** One page of the accounts of the caller's unit, by id. */
  list(principal: Principal, page: PageQuery): Promise<StaffAccount[]> {
    return this.credentials.listStaff(scopeFilter(staffOf(principal), { orgUnit: 'orgUnit' }), page);
  }

  /** Disables an account and revokes its tokens at once. */
  async disable(principal: Principal, staffId: string, correlationId: string): Promise<void> {
    const { actor, account } = await this.authorize(principal, 'disable', staffId);
    await this.credentials.revoke('staff', staffId, account.orgUnit, 'disabled', correlationId, {
      status: 'disabled',
    });
    await this.record('staff.disabled', actor, account, correlationId);
  }

  /** Lets a disabled account sign in again; its old tokens stay revoked. */
  async enable(principal: Principal, staffId: string, correlationId: string): Promise<void> {
    const { actor, account } = await this.authorize(principal, 'enable', staffId);
    await this.credentials.setStatus(staffId, 'active');
    await this.record('staff.enabled', actor, account, correlationId);
  }

  /**
   * A new one-time password, returned once: every token of the account stops
   * working, a lock is lifted, and the next sign-in must replace the password.
   */
  async resetPassword(
    principal: Principal,
    staffId: string,
    correlationId: string,
  ): Promise<{ staffId: string; oneTimePassword: string }> {
    const { actor, account } = await this.authorize(principal, 'reset-password', staffId);
    const oneTimePassword = newSecret(18);
    // One write: the new hash, the must-change flag, the raised version and its revocation event.
    await this.credentials.revoke('staff', staffId, account.orgUnit, 'password-changed', correlationId, {
      passwordHash: await hashPassword(oneTimePassword),
      mustChangePassword: true,
    });
    await this.failures.reset(
      staffId,
      { threshold: this.config.LOCKOUT_THRESHOLD, lockSeconds: this.config.LOCKOUT_SECONDS },
      new Date(),
    );
    await this.record('staff.password-reset', actor, account, correlationId);
    return { staffId, oneTimePassword };
  }

  /** A new role; tokens carrying the old one stop working at once. */
  async changeRole(
    principal: Principal,
    staffId: string,
    role: StaffRole,
    correlationId: string,
  ): Promise<StaffAccount> {
    const { actor, account } = await this.authorize(principal, 'change-role', staffId, role);
    if (account.role === role) return account;
    await this.credentials.revoke('staff', staffId, account.orgUnit, 'revoked', correlationId, { role });
    await this.record('staff.role-changed', actor, account, correlationId, `${account.role}->${role}`);
    return { ...account, role };
  }

  /** Signs out everywhere: every token of the account stops working now. */
  async signOut(principal: Principal, correlationId: string): Promise<void> {
    const staff = staffOf(principal);
    await this.credentials.revoke('staff', staff.subject, staff.orgUnit, 'signed-out', correlationId);
    await this.audit.record({
      action: 'auth.sign-out',
      actor: staff,
      orgUnit: staff.orgUnit,
      outcome: 'ok',
      correlationId,
    });
  }

  async changePassword(
    principal: Principal,
    current: string,
    next: string,
    correlationId: string,
  ): Promise<void> {
    const staff = staffOf(principal);
    const account = await this.credentials.findStaff(staff.subject);
    if (!account || !(await verifyPassword(current, account.passwordHash))) {
      await this.audit.record({
        action: 'auth.password-change-failed',
        actor: staff,
        orgUnit: staff.orgUnit,
        outcome: 'wrong-password',
        correlationId,
      });
      throw new DomainError('unauthenticated', 'auth.bad-credentials', 'the current password is wrong');
    }
    const weak = weakPassword(next);
    if (weak) throw weak;
    // One write: the new hash, the raised credential version and its revocation event stand or fall together.
    await this.credentials.revoke('staff', account._id, account.orgUnit, 'password-changed', correlationId, {
      passwordHash: await hashPassword(next),
      mustChangePassword: false,
    });
    await this.audit.record({
      action: 'auth.password-changed',
      actor: staff,
      orgUnit: staff.orgUnit,
      outcome: 'ok',
      correlationId,
    });
  }

  private async authorize(
    principal: Principal,
    operation: AccountOperation,
    staffId: string,
    newRole?: StaffRole,
  ): Promise<{ actor: Staff; account: StaffAccount }> {
    const actor = staffOf(principal);
    const account = await this.credentials.findStaff(staffId);
    const notFound = new DomainError('not-found', 'staff.not-found', `no staff account ${staffId}`);
    if (!account) throw notFound;
    const decision = decideAccountOperation(
      actor,
      operation,
      { staffId: account._id, role: account.role, orgUnit: account.orgUnit },
      newRole,
    );
    if (decision.outcome === 'not-found') throw notFound;
    enforce(decision);
    return { actor, account };
  }

  private record(
    action: string,
    actor: Staff,
    account: StaffAccount,
    correlationId: string,
    outcome = 'ok',
  ): Promise<void> {
    return this.audit.record({
      action,
      actor,
      orgUnit: account.orgUnit,
      target: account._id,
      outcome,
      correlationId,
    });
  }
}

function enforce(decision: ReturnType<typeof decideAccountOperation>): void {
  if (decision.outcome === 'forbidden') throw new DomainError('forbidden', decision.code, decision.detail);
  if (decision.outcome === 'not-found')
    throw new DomainError('not-found', 'staff.not-found', 'no such staff account');
}

/** Shared by the API and the bootstrap command that creates the first city-admin. */
export async function createStaffAccount(
  credentials: CredentialsRepository,
  input: NewStaff,
): Promise<StaffAccount> {
  const account = await newStaffAccount(input);
  if (!(await credentials.createStaff(account))) {
    throw new DomainError('conflict', 'staff.username-taken', 'this username is taken');
  }
  return account;
}

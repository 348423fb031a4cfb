import { Inject, Injectable } from '@nestjs/common';
import { assertMayWriteIn, orgUnitCovers, scopeFilter, type Principal, type StaffRole } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { AuditLog } from '../audit/audit.service.js';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config.js';
import { CredentialsRepository } from './credentials.repository.js';
import { digest, hashPassword, newSecret, passwordProblems, sameDigest, verifyPassword } from './secrets.js';
import type { StaffAccount } from './staff-account.schema.js';
import { newStaffAccount, type NewStaff } from './new-staff-account.js';

export type { NewStaff } from './new-staff-account.js';
import { TokenIssuer, type IssuedAccessToken } from './token-issuer.js';

function staffOf(principal: Principal): Extract<Principal, { kind: 'staff' }> {
  if (principal.kind !== 'staff') throw new DomainError('forbidden', 'auth.role-forbidden', 'staff only');
  return principal;
}

/** Which roles each role may hand out: never more than its own reach. */
const GRANTABLE: Record<StaffRole, readonly StaffRole[]> = {
  'city-admin': ['city-admin', 'district-staff', 'street-staff', 'hotline-operator', 'auditor'],
  'district-staff': ['street-staff', 'hotline-operator'],
  'street-staff': [],
  'hotline-operator': [],
  auditor: [],
};

export function weakPassword(password: string): DomainError | null {
  const problems = passwordProblems(password);
  return problems.length === 0
    ? null
    : new DomainError(
        'invalid',
        'auth.weak-password',
        'the password is too weak',
        problems.map((message) => ({ field: 'password', message })),
      );
}

@Injectable()
export class StaffAccountsUseCase {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Creates an account in the creator's unit or below, with a role no wider than the creator may grant. */
  async create(principal: Principal, input: NewStaff, correlationId: string): Promise<StaffAccount> {
    const creator = staffOf(principal);
    assertMayWriteIn(creator, input.orgUnit);
    if (!GRANTABLE[creator.role].includes(input.role)) {
      throw new DomainError('forbidden', 'auth.role-not-grantable', `your role may not grant ${input.role}`);
    }
    const weak = weakPassword(input.password);
    if (weak) throw weak;
    const account = await createStaffAccount(this.credentials, input);
    await this.audit.record({
      action: 'staff.created',
      actor: creator,
      orgUnit: input.orgUnit,
      target: account._id,
      outcome: 'ok',
      correlationId,
    });
    return account;
  }

  list(principal: Principal): Promise<StaffAccount[]> {
    return this.credentials.listStaff(scopeFilter(staffOf(principal), { orgUnit: 'orgUnit' }), 500);
  }

  /** Disables an account and revokes its tokens at once. */
  async disable(principal: Principal, staffId: string, correlationId: string): Promise<void> {
    const actor = staffOf(principal);
    const account = await this.credentials.findStaff(staffId);
    if (!account || !orgUnitCovers(actor.orgUnit, account.orgUnit)) {
      throw new DomainError('not-found', 'staff.not-found', `no staff account ${staffId}`);
    }
    await this.credentials.revoke('staff', staffId, account.orgUnit, 'disabled', correlationId, {
      status: 'disabled',
    });
    await this.audit.record({
      action: 'staff.disabled',
      actor,
      orgUnit: account.orgUnit,
      target: staffId,
      outcome: 'ok',
      correlationId,
    });
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
    await this.credentials.setPassword(account._id, await hashPassword(next));
    await this.credentials.revoke('staff', account._id, account.orgUnit, 'password-changed', correlationId);
    await this.audit.record({
      action: 'auth.password-changed',
      actor: staff,
      orgUnit: staff.orgUnit,
      outcome: 'ok',
      correlationId,
    });
  }
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

export interface IssuedClient {
  clientId: string;
  clientSecret: string;
  kind: 'centre' | 'organisation';
  centreId: string | null;
  organisationId: string | null;
  orgUnit: string;
}

@Injectable()
export class ApiClientsUseCase {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly audit: AuditLog,
    private readonly tokens: TokenIssuer,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Issues credentials for a centre (that must be registered in the caller's unit)
   * or for a social organisation (placed by the caller in a unit of theirs).
   */
  async issue(
    principal: Principal,
    input:
      | { kind: 'centre'; centreId: string }
      | { kind: 'organisation'; organisationId: string; orgUnit: string },
    correlationId: string,
  ): Promise<IssuedClient> {
    const staff = staffOf(principal);
    let orgUnit: string;
    if (input.kind === 'centre') {
      const centre = await this.credentials.findCentre(input.centreId);
      if (!centre || !orgUnitCovers(staff.orgUnit, centre.communityPath)) {
        throw new DomainError('not-found', 'centre.not-found', `no centre ${input.centreId}`);
      }
      orgUnit = centre.communityPath;
    } else {
      assertMayWriteIn(staff, input.orgUnit);
      orgUnit = input.orgUnit;
    }
    const clientId = this.credentials.newId('cli_');
    const clientSecret = newClientSecret();
    await this.credentials.createClient({
      _id: clientId,
      kind: input.kind,
      centreId: input.kind === 'centre' ? input.centreId : null,
      organisationId: input.kind === 'organisation' ? input.organisationId : null,
      orgUnit,
      secretDigest: digest(clientSecret),
      credentialVersion: 1,
      status: 'active',
      issuedBy: staff.subject,
    });
    await this.audit.record({
      action: 'client.issued',
      actor: staff,
      orgUnit,
      target: clientId,
      outcome: 'ok',
      correlationId,
    });
    return {
      clientId,
      clientSecret,
      kind: input.kind,
      centreId: input.kind === 'centre' ? input.centreId : null,
      organisationId: input.kind === 'organisation' ? input.organisationId : null,
      orgUnit,
    };
  }

  list(principal: Principal) {
    return this.credentials.listClients(scopeFilter(staffOf(principal), { orgUnit: 'orgUnit' }), 500);
  }

  /** A new secret; the old one and every token it got stop working now. */
  async rotate(
    principal: Principal,
    clientId: string,
    correlationId: string,
  ): Promise<{ clientId: string; clientSecret: string }> {
    const staff = staffOf(principal);
    const client = await this.visibleClient(staff, clientId);
    const clientSecret = newClientSecret();
    await this.credentials.revoke('api-client', clientId, client.orgUnit, 'secret-rotated', correlationId, {
      secretDigest: digest(clientSecret),
    });
    await this.audit.record({
      action: 'client.rotated',
      actor: staff,
      orgUnit: client.orgUnit,
      target: clientId,
      outcome: 'ok',
      correlationId,
    });
    return { clientId, clientSecret };
  }

  async revoke(principal: Principal, clientId: string, correlationId: string): Promise<void> {
    const staff = staffOf(principal);
    const client = await this.visibleClient(staff, clientId);
    await this.credentials.revoke('api-client', clientId, client.orgUnit, 'revoked', correlationId, {
      status: 'revoked',
    });
    await this.audit.record({
      action: 'client.revoked',
      actor: staff,
      orgUnit: client.orgUnit,
      target: clientId,
      outcome: 'ok',
      correlationId,
    });
  }

  /** Client credentials → a short-lived access token scoped to the centre or organisation. */
  async token(clientId: string, clientSecret: string, correlationId: string): Promise<IssuedAccessToken> {
    const client = await this.credentials.findClient(clientId);
    const ok = client !== null && client.status === 'active' && sameDigest(clientSecret, client.secretDigest);
    if (!client || !ok) {
      await this.audit.record({
        action: 'auth.client-token-failed',
        actor: { kind: 'anonymous', subject: client?._id ?? null },
        orgUnit: client?.orgUnit ?? 'unknown',
        outcome: client ? client.status : 'unknown-client',
        correlationId,
      });
      throw new DomainError(
        'unauthenticated',
        'auth.bad-client-credentials',
        'unknown client or wrong secret',
      );
    }
    await this.audit.record({
      action: 'auth.client-token',
      actor: { kind: 'anonymous', subject: client._id },
      orgUnit: client.orgUnit,
      outcome: 'ok',
      correlationId,
    });
    const claims =
      client.kind === 'centre'
        ? {
            sub: client._id,
            ver: client.credentialVersion,
            role: 'centre-client' as const,
            centreId: client.centreId ?? '',
          }
        : {
            sub: client._id,
            ver: client.credentialVersion,
            role: 'organisation-client' as const,
            organisationId: client.organisationId ?? '',
          };
    return this.tokens.access(claims, this.config.CLIENT_TOKEN_TTL_SECONDS);
  }

  private async visibleClient(staff: Extract<Principal, { kind: 'staff' }>, clientId: string) {
    const client = await this.credentials.findClient(clientId);
    if (!client || !orgUnitCovers(staff.orgUnit, client.orgUnit)) {
      throw new DomainError('not-found', 'client.not-found', `no API client ${clientId}`);
    }
    return client;
  }
}

function newClientSecret(): string {
  return `sec_${newSecret(32)}`;
}

import { Inject, Injectable } from '@nestjs/common';
import { assertMayWriteIn, orgUnitCovers, scopeFilter, type Principal } from '#anlao/auth';
import { Topics } from '#anlao/events';
import { GroupProgress } from '#anlao/messaging';
import { DomainError, type PageQuery } from '#anlao/platform';
import { AuditLog } from '../audit/audit.service.js';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config.js';
import { CredentialsRepository } from './credentials.repository.js';
import { CENTRE_DIRECTORY_GROUP } from './centre-directory.schema.js';
import { digest, newSecret, sameDigest } from './secrets.js';
import { staffOf } from './staff-accounts.usecase.js';
import { TokenIssuer, type IssuedAccessToken } from './token-issuer.js';

// Staff accounts live in staff-accounts.usecase.ts; re-exported for the module and the tests.
export { createStaffAccount, StaffAccountsUseCase } from './staff-accounts.usecase.js';
export { GRANTABLE } from './account-grants.js';
export { weakPassword } from './weak-password.js';
export type { NewStaff } from './new-staff-account.js';

export interface IssuedClient {
  clientId: string;
  clientSecret: string;
  kind: 'centre' | 'organisation';
  centreId: string | null;
  organisationId: string | null;
  orgUnit: string;
}

/** How long issuing a client waits for a just-registered centre to reach the directory. */
const DIRECTORY_WAIT_MS = 10_000;

@Injectable()
export class ApiClientsUseCase {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly audit: AuditLog,
    private readonly tokens: TokenIssuer,
    private readonly progress: GroupProgress,
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
      const centre = await this.directoryCentre(input.centreId);
      if (!centre || !orgUnitCovers(staff.orgUnit, centre.communityPath)) {
        throw new DomainError('not-found', 'centre.not-found', `no centre ${input.centreId}`);
      }
      if (centre.status === 'inactive')
        throw new DomainError('conflict', 'centre.inactive', `centre ${input.centreId} is deactivated`);
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
    if (input.kind === 'centre')
      await this.revokeIfDeactivatedMeanwhile(input.centreId, clientId, orgUnit, correlationId);
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

  /**
   * The deactivation handler marks the centre inactive before it lists the centre's active clients.
   * A client inserted after that listing would escape it, but then this second read sees the centre
   * inactive: the client is revoked here and the issue refused, so no closed centre keeps a client.
   */
  private async revokeIfDeactivatedMeanwhile(
    centreId: string,
    clientId: string,
    orgUnit: string,
    correlationId: string,
  ): Promise<void> {
    if ((await this.credentials.findCentre(centreId))?.status !== 'inactive') return;
    await this.credentials.revoke('api-client', clientId, orgUnit, 'revoked', correlationId, {
      status: 'revoked',
    });
    throw new DomainError('conflict', 'centre.inactive', `centre ${centreId} is deactivated`);
  }

  /**
   * The centre as the directory knows it. A centre registered a moment ago may not have reached the
   * directory yet: then wait (briefly) until the directory has read every centre event published
   * before this call, so "register, then issue its client" works in one sitting (issue [6/11]).
   */
  private async directoryCentre(centreId: string) {
    const known = await this.credentials.findCentre(centreId);
    if (known) return known;
    const caughtUp = await this.progress.caughtUp(CENTRE_DIRECTORY_GROUP, Topics.centres, DIRECTORY_WAIT_MS);
    const found = await this.credentials.findCentre(centreId);
    if (!found && !caughtUp)
      throw new DomainError(
        'unavailable',
        'centre.directory-catching-up',
        'the centre directory is behind the centres service; try again in a few seconds',
        [],
        { retryable: true },
      );
    return found;
  }

  list(principal: Principal, page: PageQuery) {
    return this.credentials.listClients(scopeFilter(staffOf(principal), { orgUnit: 'orgUnit' }), page);
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
            orgUnit: client.orgUnit,
          }
        : {
            sub: client._id,
            ver: client.credentialVersion,
            role: 'organisation-client' as const,
            organisationId: client.organisationId ?? '',
            orgUnit: client.orgUnit,
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

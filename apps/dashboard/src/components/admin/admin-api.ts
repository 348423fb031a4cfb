import { getJson, sendJson, type Page } from '../../api/http';
import type { StaffRole } from '../../api/session';

/** The gateway's account, API-client and audit routes (apps/gateway/README.md) and residents' rule sets. */

export interface StaffAccount {
  staffId: string;
  username: string;
  role: StaffRole;
  orgUnit: string;
  status: 'active' | 'disabled';
}

export interface ApiClient {
  clientId: string;
  kind: 'centre' | 'organisation';
  centreId: string | null;
  organisationId: string | null;
  orgUnit: string;
  status: 'active' | 'revoked';
}

/** What issuing or rotating answers: the secret is shown once and never again. */
export interface IssuedClient {
  clientId: string;
  clientSecret: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  service: string;
  action: string;
  auditClass: string;
  actorKind: string;
  actorId: string | null;
  actorRole: string | null;
  orgUnit: string;
  route: string | null;
  targets: string[];
  filter: Record<string, unknown> | null;
  count: number | null;
  outcome: string;
  correlationId: string;
  chain: string;
}

export interface AuditFilter {
  actorId?: string;
  target?: string;
  action?: string;
  from?: string;
  to?: string;
}

export type WalletPart = 'basic-care' | 'living-services';

export interface EligibilityCategory {
  code: string;
  description?: string;
  minAge?: number;
  economicStatuses?: string[];
  familyStatuses?: string[];
  livingArrangements?: string[];
  monthlyCreditFen: Record<WalletPart, number>;
  freeExperienceServices: number;
}

export interface RuleSet {
  version: string;
  effectiveFrom: string;
  unusedBalance: 'expire' | 'carry-over';
  categories: EligibilityCategory[];
}

export interface RuleSets {
  active: RuleSet;
  published: RuleSet[];
  fallback: RuleSet;
}

export interface Named {
  id: string;
  name: string;
  place: string;
}

// An empty JSON object, not an empty body: the services refuse `content-type: application/json` with no body.
const NO_BODY = {};
const staffPath = (id: string, action: string): string => `/admin/staff/${encodeURIComponent(id)}/${action}`;
const clientPath = (id: string, action: string): string =>
  `/admin/api-clients/${encodeURIComponent(id)}/${action}`;

export const listStaff = (after: string | undefined): Promise<Page<StaffAccount>> =>
  getJson<Page<StaffAccount>>('/admin/staff', { after, limit: 100 });
export const createStaff = (body: {
  username: string;
  password: string;
  role: StaffRole;
  orgUnit: string;
}): Promise<StaffAccount> => sendJson<StaffAccount>('POST', '/admin/staff', body);
export const disableStaff = (id: string): Promise<unknown> =>
  sendJson('POST', staffPath(id, 'disable'), NO_BODY);
export const enableStaff = (id: string): Promise<unknown> =>
  sendJson('POST', staffPath(id, 'enable'), NO_BODY);
export const resetPassword = (id: string): Promise<{ staffId: string; oneTimePassword: string }> =>
  sendJson('POST', staffPath(id, 'reset-password'), NO_BODY);
export const changeRole = (id: string, role: StaffRole): Promise<StaffAccount> =>
  sendJson<StaffAccount>('POST', staffPath(id, 'role'), { role });

export const listClients = (after: string | undefined): Promise<Page<ApiClient>> =>
  getJson<Page<ApiClient>>('/admin/api-clients', { after, limit: 100 });
export const issueClient = (
  body:
    { kind: 'centre'; centreId: string } | { kind: 'organisation'; organisationId: string; orgUnit: string },
): Promise<IssuedClient> => sendJson<IssuedClient>('POST', '/admin/api-clients', body);
export const rotateClient = (id: string): Promise<IssuedClient> =>
  sendJson<IssuedClient>('POST', clientPath(id, 'rotate'), NO_BODY);
export const revokeClient = (id: string): Promise<unknown> =>
  sendJson('POST', clientPath(id, 'revoke'), NO_BODY);

export const listAudit = (filter: AuditFilter, cursor: string | undefined): Promise<Page<AuditEntry>> =>
  getJson<Page<AuditEntry>>('/audit', { ...filter, cursor, limit: 50 });

export const RULE_SETS_PATH = '/api/residents/eligibility/rule-sets';
export const fetchRuleSets = (): Promise<RuleSets> => getJson<RuleSets>(RULE_SETS_PATH);
export const publishRuleSet = (ruleSet: RuleSet): Promise<RuleSet> =>
  sendJson<RuleSet>('POST', RULE_SETS_PATH, ruleSet);

/** Every page of a list up to `maxPages` (pickers of centres and organisations); `more` when some are left. */
async function allPages<T>(
  fetchPage: (after: string | undefined) => Promise<Page<T>>,
  maxPages = 10,
): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let after: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(after);
    items.push(...page.items);
    after = page.next ?? undefined;
    if (!after) return { items, more: false };
  }
  return { items, more: true };
}

export const activeCentres = (): Promise<{ items: Named[]; more: boolean }> =>
  allPages((after) =>
    getJson<Page<{ centreId: string; name: string; communityPath: string }>>('/api/centres/centres', {
      status: 'active',
      limit: 200,
      after,
    }),
  ).then(({ items, more }) => ({
    items: items.map((c) => ({ id: c.centreId, name: c.name, place: c.communityPath })),
    more,
  }));

export const organisations = (): Promise<{ items: Named[]; more: boolean }> =>
  allPages((after) =>
    getJson<Page<{ providerId: string; name: string; registeredOrgUnit: string }>>(
      '/api/purchased-services/providers',
      { limit: 200, after },
    ),
  ).then(({ items, more }) => ({
    items: items.map((p) => ({ id: p.providerId, name: p.name, place: p.registeredOrgUnit })),
    more,
  }));

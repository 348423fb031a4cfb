import { getJson, sendJson, type Page } from '../../api/http';
import type { Resident, ResidentFilters, RuleSets, Visit, Wallet } from './types';

const BASE = '/api/residents';
export const PAGE_SIZE = 50;

/** The last code of a unit path: `GET /residents?community=` takes a code of any level. */
export function unitCode(path: string): string {
  return path.split('.').pop() ?? path;
}

/** One page of residents (ID numbers masked for every role); `next` is the last id, passed back as `after`. */
export function listResidents(filters: ResidentFilters, after: string | undefined): Promise<Page<Resident>> {
  return getJson<Page<Resident>>(`${BASE}/residents`, {
    community: filters.unit ? unitCode(filters.unit) : undefined,
    status: filters.status,
    category: filters.category,
    livingArrangement: filters.livingArrangement,
    familyStatus: filters.familyStatus,
    economicStatus: filters.economicStatus,
    ageBand: filters.ageBand,
    after,
    limit: PAGE_SIZE,
  });
}

/** The record, as the caller's role may see it (an audited personal read). */
export function getResident(residentId: string): Promise<Resident> {
  return getJson<Resident>(`${BASE}/residents/${encodeURIComponent(residentId)}`);
}

/** Exact search by ID number; the number travels in the body, never the URL. */
export function lookupByNationalId(nationalId: string): Promise<Resident> {
  return sendJson<Resident>('POST', `${BASE}/residents/lookup`, { nationalId });
}

/** The resident whose current, active card this is (hotline operators and managing staff). */
export function lookupByCard(number: string): Promise<Resident> {
  return sendJson<Resident>('POST', `${BASE}/cards/lookup`, { number });
}

export type CardAction = 'issue' | 'suspend' | 'report-lost';

/** Issues, suspends or replaces (lost) the card; answers the resident (summary: ID number masked). */
export function changeCard(residentId: string, action: CardAction): Promise<Resident> {
  const path = `${BASE}/residents/${encodeURIComponent(residentId)}/card`;
  return sendJson<Resident>('POST', action === 'issue' ? path : `${path}/${action}`);
}

export function getWallet(residentId: string): Promise<Wallet> {
  return getJson<Wallet>(`${BASE}/residents/${encodeURIComponent(residentId)}/wallet`);
}

/** A resident's visits at the centres the caller may see, newest first. */
export function listVisits(residentId: string, after: string | undefined): Promise<Page<Visit>> {
  return getJson<Page<Visit>>(`/api/centres/residents/${encodeURIComponent(residentId)}/visits`, {
    after,
    limit: PAGE_SIZE,
  });
}

export function getRuleSets(): Promise<RuleSets> {
  return getJson<RuleSets>(`${BASE}/eligibility/rule-sets`);
}

/** Every category code the rule sets name (active first), with its description. */
export function categoriesOf(sets: RuleSets): { code: string; description: string }[] {
  const seen = new Map<string, string>();
  for (const set of [sets.active, ...sets.published, sets.fallback]) {
    for (const c of set?.categories ?? []) if (!seen.has(c.code)) seen.set(c.code, c.description);
  }
  return [...seen].map(([code, description]) => ({ code, description }));
}

const centreNames = new Map<string, Promise<string | null>>();
/** A centre's name (centres service), read once per page load; null when it cannot be read. */
export function centreName(centreId: string): Promise<string | null> {
  let name = centreNames.get(centreId);
  if (!name) {
    name = getJson<{ name?: string }>(`/api/centres/centres/${encodeURIComponent(centreId)}`).then(
      (c) => c.name ?? null,
      () => {
        centreNames.delete(centreId);
        return null;
      },
    );
    centreNames.set(centreId, name);
  }
  return name;
}

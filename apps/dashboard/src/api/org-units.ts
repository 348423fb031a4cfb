import { getJson, type Page } from './http';

export type OrgLevel = 'city' | 'district' | 'street' | 'community';

/** A unit of the civil-affairs hierarchy; `path` (`2101.210102.210102001…`) is what reports are keyed by. */
export interface OrgUnit {
  code: string;
  name: string;
  level: OrgLevel;
  parentCode: string | null;
  path: string;
}

let loaded: Promise<OrgUnit[]> | null = null;

/** Every unit the signed-in account may see (its subtree), read once per session page by page. */
export function orgUnits(): Promise<OrgUnit[]> {
  loaded ??= (async () => {
    const all: OrgUnit[] = [];
    let after: string | undefined;
    do {
      const page = await getJson<Page<OrgUnit>>('/api/residents/org-units', { limit: 500, after });
      all.push(...page.items);
      after = page.next ?? undefined;
    } while (after);
    return all;
  })().catch((error: unknown) => {
    loaded = null;
    throw error;
  });
  return loaded;
}

/** Forgets the units (another account signs in). */
export function forgetOrgUnits(): void {
  loaded = null;
}

/** Name of the unit at `path`, or the path's last code if it is not (yet) known. */
export function unitName(units: OrgUnit[], path: string): string {
  return units.find((u) => u.path === path)?.name ?? path.split('.').pop() ?? path;
}

/**
 * The demo city's people: org units, 2,000 elders across ten communities of three districts
 * (through the CSV import job, drawn by demo-population.ts), cards for the first 40 elders aged 80
 * and over, and this month's wallet credit.
 */
import { call, inParallel, jobCounts, ok } from './demo-http.js';
import { drawElder, IdSequences, RESIDENT_CSV_HEADER, rowOfPhone } from './demo-population.js';

const ORG_UNITS = [
  'code,name,level,parentCode',
  '2101,沈阳市,city,',
  '210102,和平区,district,2101',
  '210103,沈河区,district,2101',
  '210102001,长白街道,street,210102',
  '210102002,南湖街道,street,210102',
  '210102003,太原街街道,street,210102',
  '210103001,大南街道,street,210103',
  '210103002,五里河街道,street,210103',
  '210102001001,长白社区,community,210102001',
  '210102002003,南湖社区,community,210102002',
  '210102003001,太原街社区,community,210102003',
  '210103001002,大南社区,community,210103001',
  '210103002001,五里河社区,community,210103002',
  '210102001002,长白第二社区,community,210102001',
  '210102002004,南湖第二社区,community,210102002',
  '210103001003,大南第二社区,community,210103001',
  '210105,皇姑区,district,2101',
  '210105001,北塔街道,street,210105',
  '210105001001,北塔社区,community,210105001',
  '210105001002,北塔第二社区,community,210105001',
].join('\n');

/** Elders of the small city, spread over its communities (`COMMUNITY_WEIGHTS`). */
export const ELDERS = 2_000;
/** Elders given a card: the first of the 80-plus, by id. */
export const CARDS = 40;
/** Card requests at once: each is a few statements on the residents' store. */
const CARD_CONCURRENCY = 4;

/**
 * How many elders each community has, relatively: old inner-city communities are larger. The
 * Huanggu communities have no centre at all (an under-served area: at-risk lists fill there).
 */
const COMMUNITY_WEIGHTS: Record<string, number> = {
  '210102001001': 3,
  '210102001002': 2,
  '210102002003': 3,
  '210102002004': 2,
  '210102003001': 2,
  '210103001002': 3,
  '210103001003': 2,
  '210103002001': 2,
  '210105001001': 2,
  '210105001002': 1,
};

export async function importOrgUnits(admin: string): Promise<void> {
  await ok(
    call('POST', '/api/residents/org-units/import', admin, ORG_UNITS, { 'content-type': 'text/csv' }),
    'org units',
  );
}

/** The residents CSV, drawn from the city's random sequence (first of all that draws from it). */
export function residentRows(random: () => number): string {
  const communities = Object.entries(COMMUNITY_WEIGHTS);
  const total = communities.reduce((sum, [, w]) => sum + w, 0);
  const sequences = new IdSequences();
  const rows = [RESIDENT_CSV_HEADER];
  for (let row = 0; row < ELDERS; row++) {
    let draw = random() * total;
    const [community] = communities.find(([, w]) => (draw -= w) < 0) ?? communities[0]!;
    rows.push(drawElder(random, row, community, sequences));
  }
  return rows.join('\n');
}

export async function importResidents(
  admin: string,
  csv: string,
): Promise<{ imported: number; existing: number }> {
  const counts = await jobCounts(
    call('POST', '/api/residents/residents/import', admin, csv, {
      'content-type': 'text/csv',
    }),
    '/api/residents/residents/import',
    admin,
    'import residents',
  );
  return { imported: counts.imported ?? 0, existing: counts.existing ?? 0 };
}

interface Elder {
  residentId: string;
  communityPath: string;
  phone: string;
  card: unknown;
}

/** The 80-plus elders, by id (cards go to the first 40, orders to the first 30 holding one). */
export async function eldersOver80(admin: string): Promise<Elder[]> {
  const page = await ok<{ items: Elder[] }>(
    call('GET', '/api/residents/residents?category=aged-80-plus&limit=200', admin),
    'list residents',
  );
  return page.items;
}

/** Cards for the first 40 elders over 80; those holding one already (a second load) are left alone. */
export async function issueCards(admin: string): Promise<number> {
  const without = (await eldersOver80(admin)).slice(0, CARDS).filter((r) => !r.card);
  await inParallel(without, CARD_CONCURRENCY, (r) =>
    ok(call('POST', `/api/residents/residents/${r.residentId}/card`, admin), 'issue card', [409, 422]),
  );
  return without.length;
}

/** This month's credit run (every eligible resident's wallet, whether carded or not). */
export async function creditRun(admin: string): Promise<number> {
  const month = new Date().toISOString().slice(0, 7);
  const counts = await jobCounts(
    call('POST', '/api/residents/wallets/credit-runs', admin, { month }),
    '/api/residents/wallets/credit-runs',
    admin,
    'credit run',
  );
  return counts.credited ?? 0;
}

/** A resident as the lists show it: its id, and its phone, which says its row in the import. */
export interface Listed {
  residentId: string;
  phone: string;
}

/** A community's active residents, by id (paged). */
export async function residentsOf(admin: string, communityCode: string): Promise<Listed[]> {
  const all: Listed[] = [];
  for (let after: string | null = null, first = true; first || after; first = false) {
    const page: { items: Listed[]; next: string | null } = await ok(
      call(
        'GET',
        `/api/residents/residents?community=${communityCode}&status=active&limit=200${after ? `&after=${after}` : ''}`,
        admin,
      ),
      `residents of ${communityCode}`,
    );
    all.push(...page.items.map(({ residentId, phone }) => ({ residentId, phone })));
    after = page.next;
  }
  return all;
}

/** The residents imported last, first. */
export function lastImportedFirst<T extends { phone: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => rowOfPhone(b.phone) - rowOfPhone(a.phone));
}

/**
 * The demo city's people: org units, 300 elders across the five communities (through the CSV
 * import job), cards for the first 40 elders aged 80 and over, and this month's wallet credit.
 */
import { call, inParallel, jobCounts, ok } from './demo-http.js';

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
].join('\n');

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
// Given names of that generation, by sex: the ID number's 17th digit says the sex (odd: male), and
// the name must agree with it.
const GIVEN_FEMALE = ['秀英', '桂兰', '玉兰', '淑珍', '凤英', '淑兰', '秀兰', '玉珍'];
const GIVEN_MALE = ['建国', '德明', '国华', '志强', '永福', '振华', '文斌', '宝山'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Elders given a card: the first of the 80-plus, by id. */
export const CARDS = 40;
/** Card requests at once: each is a few statements on the residents' store. */
const CARD_CONCURRENCY = 4;

/** A made-up but valid national ID number (GB 11643 check character). */
function demoNationalId(region: string, birth: string, seq: number): string {
  const body = `${region}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (WEIGHTS[i] ?? 0), 0);
  return body + '10X98765432'[sum % 11];
}

export async function importOrgUnits(admin: string): Promise<void> {
  await ok(
    call('POST', '/api/residents/org-units/import', admin, ORG_UNITS, { 'content-type': 'text/csv' }),
    'org units',
  );
}

/** The residents CSV, drawn from the city's random sequence (first of all that draws from it). */
export function residentRows(random: () => number): string {
  const communities = ['210102001001', '210102002003', '210102003001', '210103001002', '210103002001'];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const rows = [
    'nationalId,name,sex,birthDate,phone,address,communityCode,hukou,livingArrangement,familyStatus,economicStatus,selfCare,disabilities,chronicConditions',
  ];
  for (let i = 0; i < 300; i++) {
    const community = pick(communities);
    const birth = `19${String(28 + Math.floor(random() * 36)).padStart(2, '0')}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    const male = random() < 0.45;
    const id = demoNationalId(community.slice(0, 6), birth, 100 + i * 2 + (male ? 1 : 0));
    rows.push(
      [
        id,
        pick(SURNAMES) + pick(male ? GIVEN_MALE : GIVEN_FEMALE),
        '',
        '',
        `139${String(10_000_000 + i * 7919).slice(0, 8)}`,
        `${community.slice(-3)} 号院 ${1 + (i % 20)} 栋`,
        community,
        random() < 0.3 ? 'rural' : 'urban',
        pick(['alone', 'alone', 'with-partner', 'with-children', 'other']),
        random() < 0.06 ? 'shidu' : random() < 0.4 ? 'empty-nest' : 'ordinary',
        random() < 0.15 ? 'dibao' : random() < 0.05 ? 'special-hardship' : 'ordinary',
        pick(['independent', 'independent', 'partly-dependent', 'dependent']),
        '',
        random() < 0.4 ? 'hypertension' : '',
      ].join(','),
    );
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

/**
 * The row a demo resident was imported from, read back from the phone number made from it
 * (`residentRows`); -1 for anyone else. Read models learn residents in import order, so the
 * last rows are the ones to ask about to know whether one has caught up.
 */
export function importRow(phone: string): number {
  const n = Number(phone.slice(3));
  return phone.startsWith('139') && Number.isInteger(n) ? (n - 10_000_000) / 7919 : -1;
}

/** The residents imported last, first. */
export function lastImportedFirst<T extends { phone: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => importRow(b.phone) - importRow(a.phone));
}

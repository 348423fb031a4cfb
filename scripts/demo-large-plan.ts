/**
 * The large demo city of `npm run demo:city -- --residents N`, as a plan: pure (no I/O), so the
 * same seed and size make the same org units, elders and centres whenever (and in whatever
 * order) the pieces are made, and a unit test can check them.
 *
 * Communities of about 1,000 elders, 10 communities to a street, 10 streets to a district, under
 * the small city's 2101; districts are 2101 + 11, 12, … (the small city has 02, 03, 05).
 */
import { drawElder, IdSequences, RESIDENT_CSV_HEADER } from './demo-population.js';
import { prng, seedOf } from './demo-random.js';

export const CITY = '2101';
export const ELDERS_PER_COMMUNITY = 1_000;
export const COMMUNITIES_PER_STREET = 10;
export const STREETS_PER_DISTRICT = 10;
/** District codes are the city's + two digits from here: clear of the small city's 02, 03 and 05. */
const FIRST_DISTRICT = 11;
const MAX_DISTRICTS = 99 - FIRST_DISTRICT + 1;
/**
 * Rows per import: the residents service takes 10 MiB of CSV, but the gateway refuses any body
 * over `BODY_LIMIT_BYTES` (1 MiB by default); 5,000 rows are about 0.7 MB.
 */
export const CHUNK_ROWS = 5_000;
/** The highest row whose phone number (`phoneOfRow`) still has 11 digits. */
export const MAX_RESIDENTS = Math.floor((99_999_999 - 10_000_000) / 79) + 1;

export interface Community {
  code: string;
  name: string;
  path: string;
  firstRow: number;
  rows: number;
}

export interface Street {
  code: string;
  name: string;
  path: string;
  centreId: string;
  communities: Community[];
}

export interface CityPlan {
  residents: number;
  perCommunity: number;
  districts: { code: string; name: string }[];
  streets: Street[];
  communities: Community[];
  chunks: number;
}

const pad3 = (n: number) => String(n).padStart(3, '0');

/** Org units and centres for `residents` elders (communities of ~1,000: ceil(N / 1,000)). */
export function cityPlan(residents: number): CityPlan {
  if (!Number.isInteger(residents) || residents < 1 || residents > MAX_RESIDENTS)
    throw new Error(`residents: a whole number from 1 to ${MAX_RESIDENTS}`);
  const count = Math.ceil(residents / ELDERS_PER_COMMUNITY);
  const perCommunity = Math.ceil(residents / count);
  const perDistrict = COMMUNITIES_PER_STREET * STREETS_PER_DISTRICT;
  if (Math.ceil(count / perDistrict) > MAX_DISTRICTS) throw new Error('residents: too many districts');
  const districts: CityPlan['districts'] = [];
  const streets: Street[] = [];
  const communities: Community[] = [];
  for (let i = 0; i < count; i++) {
    const d = Math.floor(i / perDistrict);
    const s = Math.floor(i / COMMUNITIES_PER_STREET) % STREETS_PER_DISTRICT;
    const c = i % COMMUNITIES_PER_STREET;
    if (s === 0 && c === 0) districts.push({ code: `${CITY}${FIRST_DISTRICT + d}`, name: `第${d + 1}区` });
    const district = districts[d] as CityPlan['districts'][number];
    if (c === 0) {
      const code = `${district.code}${pad3(s + 1)}`;
      streets.push({
        code,
        name: `${district.name}第${s + 1}街道`,
        path: `${CITY}.${district.code}.${code}`,
        centreId: `c-large-${code}`,
        communities: [],
      });
    }
    const street = streets[streets.length - 1] as Street;
    const firstRow = i * perCommunity;
    const community: Community = {
      code: `${street.code}${pad3(c + 1)}`,
      name: `${street.name}第${c + 1}社区`,
      path: `${street.path}.${street.code}${pad3(c + 1)}`,
      firstRow,
      rows: Math.min(perCommunity, residents - firstRow),
    };
    street.communities.push(community);
    communities.push(community);
  }
  return {
    residents,
    perCommunity,
    districts,
    streets,
    communities,
    chunks: Math.ceil(residents / CHUNK_ROWS),
  };
}

/** The org units' CSV (city first, then each district, street and community). */
export function orgUnitsCsv(plan: CityPlan): string {
  const rows = ['code,name,level,parentCode', `${CITY},沈阳市,city,`];
  for (const d of plan.districts) rows.push(`${d.code},${d.name},district,${CITY}`);
  for (const s of plan.streets) rows.push(`${s.code},${s.name},street,${s.code.slice(0, -3)}`);
  for (const c of plan.communities) rows.push(`${c.code},${c.name},community,${c.code.slice(0, -3)}`);
  return rows.join('\n');
}

/** The community row `row` of the city lives in. */
export function communityOfRow(plan: CityPlan, row: number): Community {
  const community = plan.communities[Math.floor(row / plan.perCommunity)];
  if (!community || row >= plan.residents) throw new Error(`row ${row} is not in the city`);
  return community;
}

/**
 * Any 25 chunks in a row have different slots, and a district (at most 100,000 rows) touches at
 * most 21 chunks: so two chunks of one district never share a slot.
 */
export const SEQUENCE_SLOTS = 25;

/**
 * ID sequence numbers of one chunk: its own slot of each (region, birth date, sex)'s 500, so
 * chunks made apart (or again, on a resumed run) never give two elders one ID number.
 */
export class ChunkSequences extends IdSequences {
  private readonly counts = new Map<string, number>();
  private readonly perSlot = Math.floor(500 / SEQUENCE_SLOTS);

  constructor(private readonly slot: number) {
    super();
  }

  override next(region: string, birth: string, male: boolean): number | null {
    const key = `${region}${birth}${male ? 'm' : 'f'}`;
    const n = this.counts.get(key) ?? 0;
    if (n >= this.perSlot) return null;
    this.counts.set(key, n + 1);
    return (this.slot * this.perSlot + n) * 2 + (male ? 1 : 0);
  }
}

/** The rows [from, to) of chunk `chunk`. */
export function chunkRange(plan: CityPlan, chunk: number): { from: number; to: number } {
  return { from: chunk * CHUNK_ROWS, to: Math.min(plan.residents, (chunk + 1) * CHUNK_ROWS) };
}

/** Chunk `chunk` as the residents' CSV import takes it: the same rows whenever it is made. */
export function chunkCsv(plan: CityPlan, seed: number, chunk: number): string {
  const random = prng(seedOf(`${seed}:${chunk}`));
  const sequences = new ChunkSequences(chunk % SEQUENCE_SLOTS);
  const { from, to } = chunkRange(plan, chunk);
  const rows = [RESIDENT_CSV_HEADER];
  for (let row = from; row < to; row++)
    rows.push(drawElder(random, row, communityOfRow(plan, row).code, sequences));
  return rows.join('\n');
}

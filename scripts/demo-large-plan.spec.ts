/**
 * The large demo city of `npm run demo:city` (scripts/demo-large-*.ts): its elders are checked
 * against the residents service's own CSV rules.
 */
import {
  cityYesterday,
  visitMonths,
  visitsOf,
  visitsOnDay,
  windowNeeded,
  insideLateWindow,
} from './demo-large-days.js';
import { parseOptions } from './demo-large-options.js';
import {
  CHUNK_ROWS,
  chunkCsv,
  chunkRange,
  cityPlan,
  communityOfRow,
  orgUnitsCsv,
  SEQUENCE_SLOTS,
} from './demo-large-plan.js';
import { rowOfPhone } from './demo-population.js';
import { parseResidentCsv } from '../apps/residents/src/residents/resident-csv.js';

const SEED = 20261125;

describe('large demo city: org units', () => {
  const plan = cityPlan(1_000_000);

  it('has communities of 1,000, ten to a street, ten streets to a district', () => {
    expect(plan.communities).toHaveLength(1000);
    expect(plan.streets).toHaveLength(100);
    expect(plan.districts).toHaveLength(10);
    expect(plan.districts[0]).toEqual({ code: '210111', name: '第1区' });
    expect(plan.streets[12]).toMatchObject({
      code: '210112003',
      name: '第2区第3街道',
      centreId: 'c-large-210112003',
    });
    expect(plan.communities[123]).toMatchObject({
      code: '210112003004',
      name: '第2区第3街道第4社区',
      path: '2101.210112.210112003.210112003004',
      firstRow: 123_000,
      rows: 1000,
    });
  });

  it('gives codes that extend their parents, all new, none of the small city', () => {
    const rows = orgUnitsCsv(plan).split('\n').slice(2);
    const codes = rows.map((r) => r.split(',')[0] as string);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of rows) {
      const [code, , , parent] = r.split(',') as [string, string, string, string];
      expect(code.startsWith(parent) && code.length > parent.length).toBe(true);
    }
    expect(codes.some((c) => ['210102', '210103', '210105'].some((small) => c.startsWith(small)))).toBe(
      false,
    );
  });

  it('splits a size that is not a multiple of 1,000 evenly', () => {
    const small = cityPlan(1_500);
    expect(small.communities.map((c) => c.rows)).toEqual([750, 750]);
    expect(communityOfRow(small, 1_499).code).toBe('210111001002');
    expect(() => cityPlan(0)).toThrow();
  });

  it('never puts two chunks of one district in the same ID sequence slot', () => {
    const districtOf = (row: number) => communityOfRow(plan, row).code.slice(0, 6);
    for (let a = 0; a < plan.chunks; a++)
      for (let b = a + SEQUENCE_SLOTS; b < plan.chunks; b += SEQUENCE_SLOTS) {
        const lastOfA = chunkRange(plan, a).to - 1;
        expect(districtOf(chunkRange(plan, b).from)).not.toBe(districtOf(lastOfA));
      }
  });
});

describe('large demo city: elders', () => {
  const plan = cityPlan(1_000_000);
  const chunks = Array.from({ length: 20_000 / CHUNK_ROWS }, (_, i) => chunkCsv(plan, SEED, i));
  const rows = chunks.flatMap((csv) => csv.split('\n').slice(1));

  it('makes 20,000 rows the residents import takes, with no ID number twice', () => {
    for (const csv of chunks) {
      const parsed = parseResidentCsv(csv, '2026-11-26');
      expect(parsed.rejected).toEqual([]);
      expect(parsed.rows).toHaveLength(CHUNK_ROWS);
      expect(Buffer.byteLength(csv)).toBeLessThan(1_048_576);
    }
    const ids = rows.map((r) => r.split(',')[0]);
    expect(new Set(ids).size).toBe(20_000);
  });

  it('makes a chunk the same whenever it is made, and each phone says its row', () => {
    expect(chunkCsv(plan, SEED, 3)).toBe(chunks[3]);
    expect(chunkCsv(plan, SEED + 1, 3)).not.toBe(chunks[3]);
    rows.forEach((r, i) => {
      const [, , , , phone, , community] = r.split(',');
      expect(rowOfPhone(phone as string)).toBe(i);
      expect(community).toBe(communityOfRow(plan, i).code);
    });
  });
});

describe('large demo city: visits', () => {
  it('takes the weekdays of the last months up to yesterday in the city', () => {
    expect(cityYesterday(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-25');
    const months = visitMonths('2026-11-25', 2);
    expect(months.map((m) => m.month)).toEqual(['2026-10', '2026-11']);
    expect(months[0]?.days[0]).toBe('2026-10-01');
    expect(months[1]?.days.at(-1)).toBe('2026-11-25');
    expect(months.flatMap((m) => m.days).some((d) => [0, 6].includes(new Date(d).getUTCDay()))).toBe(false);
  });

  it('draws a (centre, day) the same each time: distinct elders, 08:00–11:00 Beijing, 30 min to 5 h', () => {
    const pool = Array.from({ length: 10_000 }, (_, i) => `r-${i}`);
    const visits = visitsOf(SEED, 'c-large-210111001', '2026-11-20', pool);
    expect(visitsOf(SEED, 'c-large-210111001', '2026-11-20', pool)).toEqual(visits);
    expect(visits).toHaveLength(visitsOnDay(SEED, 'c-large-210111001', '2026-11-20', pool.length));
    expect(visits.length).toBeGreaterThan(300);
    expect(new Set(visits.map((v) => v.residentId)).size).toBe(visits.length);
    for (const v of visits) {
      const checkIn = Date.parse(v.checkInAt);
      expect(checkIn - Date.parse('2026-11-20T00:00:00Z')).toBeLessThan(3 * 3_600_000);
      const stay = (Date.parse(v.checkOutAt) - checkIn) / 60_000;
      expect(stay).toBeGreaterThanOrEqual(30);
      expect(stay).toBeLessThanOrEqual(300);
    }
    expect(visits[0]?.visitId).toBe('2026-11-20-0000');
  });

  it('knows which days the late window takes', () => {
    const now = Date.parse('2026-11-26T14:00:00Z');
    expect(insideLateWindow('2026-10-28', now, 30)).toBe(true);
    expect(insideLateWindow('2026-10-27', now, 30)).toBe(false);
    expect(windowNeeded('2026-10-01', now)).toBe(58);
  });
});

describe('large demo city: options', () => {
  it('loads the small city without options, the large one with any of its own', () => {
    expect(parseOptions([]).residents).toBeNull();
    expect(parseOptions(['--months', '2']).residents).toBe(100_000);
    expect(parseOptions(['--residents=20000', '--gateway', 'http://h:1/'])).toMatchObject({
      residents: 20_000,
      months: 12,
      seed: SEED,
      gateway: 'http://h:1',
    });
    expect(() => parseOptions(['--residents', '-5'])).toThrow('--residents');
    expect(() => parseOptions(['--frobnicate'])).toThrow('unknown option');
  });
});

import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { csvFileName, csvRecordOf, daysOf, visitsCsv } from './visits-csv.js';
import type { VisitRead } from './visit-views.js';

const visit = (visitId: string, day: string, extra: Partial<VisitRead> = {}): VisitRead => ({
  _id: `c-1:${visitId}`,
  visitId,
  centreId: 'c-1',
  residentId: 'r-1',
  activity: 'meal',
  day,
  checkInAt: new Date(`${day}T02:00:00Z`),
  checkOutAt: null,
  voidedAt: null,
  voidReason: null,
  ...extra,
});

/** Yields each visit after a tick, as a store cursor would after a round trip. */
async function* yielding(visits: VisitRead[]): AsyncGenerator<VisitRead> {
  for (const v of visits) yield await Promise.resolve(v);
}

describe('the visits CSV export', () => {
  it('writes a header, then each day’s visits in day order, with their status', async () => {
    const byDay: Record<string, VisitRead[]> = {
      '2026-11-01': [
        visit('a', '2026-11-01', { checkOutAt: new Date('2026-11-01T04:00:00Z') }),
        visit('b', '2026-11-01', { voidedAt: new Date(), voidReason: 'wrong-resident' }),
      ],
      '2026-11-03': [visit('c', '2026-11-03', { activity: 'health-check', residentId: 'r-2' })],
    };
    const out = await text(visitsCsv(daysOf('2026-11-01', '2026-11-03'), (d) => yielding(byDay[d] ?? [])));
    expect(out.split('\r\n')).toEqual([
      'visitId,residentId,activity,day,checkInAt,checkOutAt,status,voidReason',
      'a,r-1,meal,2026-11-01,2026-11-01T02:00:00.000Z,2026-11-01T04:00:00.000Z,closed,',
      'b,r-1,meal,2026-11-01,2026-11-01T02:00:00.000Z,,voided,wrong-resident',
      'c,r-2,health-check,2026-11-03,2026-11-03T02:00:00.000Z,,open,',
      '',
    ]);
  });

  it('writes only the header for a period without visits', async () => {
    const out = await text(visitsCsv(daysOf('2026-11-01', '2026-11-01'), () => yielding([])));
    expect(out).toBe('visitId,residentId,activity,day,checkInAt,checkOutAt,status,voidReason\r\n');
  });

  it('quotes what needs quoting, so a reader gets every value back', async () => {
    const odd = visit('x', '2026-11-01', { residentId: 'a,"b"\nc' });
    const out = await text(visitsCsv(['2026-11-01'], () => yielding([odd])));
    const rows = parse<Record<string, string>>(out, { columns: true });
    expect(rows).toEqual([csvRecordOf(odd)]);
  });

  it('reads nothing before the first read', async () => {
    const opened: string[] = [];
    const csv = visitsCsv(['2026-11-01'], (day) => {
      opened.push(day);
      return yielding([visit('a', day)]);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(opened).toEqual([]);
    await text(csv);
    expect(opened).toEqual(['2026-11-01']);
  });

  it('reads days only as fast as the reader takes them, never the whole period ahead', async () => {
    const opened: string[] = [];
    const csv = visitsCsv(daysOf('2026-11-01', '2026-12-31'), (day) => {
      opened.push(day);
      return yielding(Array.from({ length: 50 }, (_, i) => visit(`v-${day}-${i}`, day)));
    });
    const reader = csv[Symbol.asyncIterator]();
    await reader.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Read-ahead is the streams' buffers (16 KiB each way, some days here), never the whole period.
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.length).toBeLessThan(15);
    await reader.return?.();
  });

  it('closes the day being read when the reader goes away', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<VisitRead> {
      try {
        for (let i = 0; ; i += 1) yield await Promise.resolve(visit(`v-${i}`, '2026-11-01'));
      } finally {
        closed = true;
      }
    }
    const csv = visitsCsv(['2026-11-01'], () => endless());
    const reader = csv[Symbol.asyncIterator]();
    await reader.next();
    await reader.return?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
  });

  it('fails the stream when a day cannot be read', async () => {
    async function* failing(): AsyncGenerator<VisitRead> {
      yield await Promise.resolve(visit('a', '2026-11-01'));
      throw new Error('store went away');
    }
    await expect(text(visitsCsv(['2026-11-01'], () => failing()))).rejects.toThrow('store went away');
  });

  it('lists every day of a period, both ends included', () => {
    expect([...daysOf('2028-02-27', '2028-03-01')]).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    expect(csvFileName('c-1', '2026-11-01', '2026-11-30')).toBe('visits-c-1-2026-11-01-2026-11-30.csv');
  });
});

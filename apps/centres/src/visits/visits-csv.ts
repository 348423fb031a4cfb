import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { addDays, daysFromTo } from '#anlao/platform';
import { stateOf, type VisitRead } from './visit-views.js';

/** The export's columns, in order: ids and coded facts only, never a name or an ID number. */
export const CSV_COLUMNS = [
  'visitId',
  'residentId',
  'activity',
  'day',
  'checkInAt',
  'checkOutAt',
  'status',
  'voidReason',
] as const;
export type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string>;

export function csvRecordOf(v: VisitRead): CsvRecord {
  return {
    visitId: v.visitId,
    residentId: v.residentId,
    activity: v.activity,
    day: v.day ?? '',
    checkInAt: v.checkInAt.toISOString(),
    checkOutAt: v.checkOutAt?.toISOString() ?? '',
    status: stateOf(v),
    voidReason: v.voidedAt ? (v.voidReason ?? '') : '',
  };
}

/** Every day of a period, first to last, both included (the period is validated already). */
export function* daysOf(from: string, to: string): Generator<string> {
  const span = daysFromTo(from, to);
  for (let i = 0; i <= span; i += 1) yield addDays(from, i);
}

export function csvFileName(centreId: string, from: string, to: string): string {
  return `visits-${centreId}-${from}-${to}.csv`;
}

/**
 * The export as a byte stream: a header row, then each day's visits as `visitsOf(day)`
 * yields them, one day after the other. Nothing is read before the stream's first read:
 * the answer is sent only once its audit entry is stored, and an answer never sent must
 * not leave a store cursor open. From then on it is pulled, with the reader's
 * back-pressure, so a few store batches at most are held in memory, whatever the period.
 * A failing day fails the stream: the HTTP answer is then cut off rather than ending like
 * a complete file.
 *
 * Quoting is csv-stringify's (RFC 4180, CRLF records). No value here can start a
 * spreadsheet formula: ids are letters, digits, `.`, `_` and `-` (a leading `-` can
 * only make a sum of cell references, never call a function), the rest is coded.
 */
export function visitsCsv(
  days: Iterable<string>,
  visitsOf: (day: string) => AsyncIterable<VisitRead>,
): Readable {
  async function* records(): AsyncGenerator<CsvRecord> {
    for (const day of days) for await (const visit of visitsOf(day)) yield csvRecordOf(visit);
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    const csv = stringify({ header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
    // An error anywhere destroys `csv`, which ends this loop with it; a reader that goes
    // away returns this generator, which destroys `csv` and so closes the day's cursor.
    yield* pipeline(Readable.from(records()), csv, () => undefined) as AsyncIterable<Buffer>;
  }
  return Readable.from(chunks(), { objectMode: false });
}

import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { EXPORT_COLUMNS, type ExportRow } from './settlement-export-rows.js';

type CsvRecord = Record<(typeof EXPORT_COLUMNS)[number], string>;

function csvRecordOf(row: ExportRow): CsvRecord {
  const text = (value: number | string | null) => (value === null ? '' : String(value));
  return {
    orderId: row.orderId,
    serviceType: row.serviceType,
    deliveredAt: row.deliveredAt,
    priceFen: text(row.priceFen),
    priceYuan: row.priceYuan,
    subsidyFen: text(row.subsidyFen),
    subsidyYuan: text(row.subsidyYuan),
    copaymentFen: text(row.copaymentFen),
    copaymentYuan: text(row.copaymentYuan),
    state: row.state,
    late: row.late ? 'true' : 'false',
    rating: text(row.rating),
  };
}

/**
 * The statement's orders as a CSV byte stream, in the centres export's style: a header row,
 * then the pages as `pages()` yields them. Nothing is read before the stream's first read (the
 * answer leaves only after its audit entry is stored), and from then on it is pulled with the
 * reader's back-pressure. A failing page fails the stream: the answer is cut off rather than
 * ending like a complete file. No value can start a spreadsheet formula: ids are letters,
 * digits and dashes, the rest is codes, numbers and instants. Quoting is csv-stringify's (RFC 4180, CRLF).
 */
export function settlementCsv(pages: () => AsyncIterable<ExportRow[]>): Readable {
  async function* records(): AsyncGenerator<CsvRecord> {
    for await (const page of pages()) for (const row of page) yield csvRecordOf(row);
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows' });
    yield* pipeline(Readable.from(records()), csv, () => undefined) as AsyncIterable<Buffer>;
  }
  return Readable.from(chunks(), { objectMode: false });
}

import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS, type ExportRow } from './settlement-export-rows.js';
import type { Settlement } from './settlement.schema.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const YUAN = { numFmt: '0.00' };

type SummaryRow = [item: string, value: string | number | null, fen?: number];

/** The statement as label/value rows; money also in yuan (third column). */
export function summaryRows(s: Settlement): SummaryRow[] {
  const f = s.figures;
  const b = s.budget;
  return [
    ['settlementId', s._id],
    ['contractId', s.contractId],
    ['providerId', s.providerId],
    ['buyerOrgUnit', s.buyerOrgUnit],
    ['areas', s.areas.join(' ')],
    ['month', s.month],
    ['revision', s.revision],
    ['generatedAt', new Date(s.generatedAt).toISOString()],
    ['contentHash', s.contentHash],
    ['deliveredCount', f.deliveredCount],
    ['amountFen', f.amountFen, f.amountFen],
    ['subsidyFen', f.subsidyFen, f.subsidyFen],
    ['copaymentFen', f.copaymentFen, f.copaymentFen],
    ['paidCount', f.paidCount],
    ['paymentsPending', f.paymentsPending],
    ['paymentsRejected', f.paymentsRejected],
    ['freeExperienceCount', f.freeExperienceCount],
    ['onTimeCount', f.onTimeCount],
    ['onTimeShare', f.onTimeShare],
    ['ratedCount', f.ratedCount],
    ['meanRating', f.meanRating],
    ['complaints', f.complaints],
    ['budgetFen', b.budgetFen, b.budgetFen],
    ['spentFen', b.spentFen, b.spentFen],
    ['committedFen', b.committedFen, b.committedFen],
    ['leftFen', b.leftFen, b.leftFen],
  ];
}

/** One workbook row of an order: the CSV's columns, yuan as numbers shown with two decimals. */
function orderCells(row: ExportRow): (string | number | boolean | null)[] {
  return EXPORT_COLUMNS.map((column) => {
    const value = row[column];
    return column.endsWith('Yuan') && value !== null ? Number(value) : value;
  });
}

type Sheet = ExcelJS.Worksheet;

function writeSummary(sheet: Sheet, s: Settlement): void {
  sheet.columns = [
    { header: 'item', key: 'item', width: 22 },
    { header: 'value', key: 'value', width: 68 },
    { header: 'yuan', key: 'yuan', width: 14, style: YUAN },
  ];
  for (const [item, value, fen] of summaryRows(s))
    sheet.addRow({ item, value, yuan: fen === undefined ? null : fen / 100 }).commit();
  sheet.addRow([]).commit();
  sheet.addRow(['serviceType', 'unitPriceFen', 'count', 'amountFen']).commit();
  for (const line of s.figures.byServiceType)
    sheet.addRow([line.serviceType, line.unitPriceFen, line.count, line.amountFen]).commit();
  sheet.commit();
}

/** Writes the workbook into `out` page by page; stops at the next page once `out` is gone (reader left). */
async function writeWorkbook(
  out: PassThrough,
  s: Settlement,
  pages: () => AsyncIterable<ExportRow[]>,
): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  writeSummary(book.addWorksheet('Summary'), s);
  const orders = book.addWorksheet('Orders');
  orders.columns = EXPORT_COLUMNS.map((key) => ({
    header: key,
    key,
    width: key === 'orderId' ? 40 : 16,
    ...(key.endsWith('Yuan') ? { style: YUAN } : {}),
  }));
  for await (const page of pages()) {
    if (out.destroyed) return;
    for (const row of page) orders.addRow(orderCells(row)).commit();
  }
  orders.commit();
  await book.commit();
}

/**
 * The statement as an Excel workbook (exceljs' streaming writer): "Summary" (the stored figures
 * and budget, then the per-type lines) and "Orders" (the CSV's rows, read now). Like the CSV,
 * nothing is read before the first read of the stream, and the orders are pulled page by page;
 * rows are committed as they come, so the whole workbook is never built in memory. A failure
 * half-way destroys the stream: the answer is cut off, never a truncated file that looks whole.
 */
export function settlementXlsx(s: Settlement, pages: () => AsyncIterable<ExportRow[]>): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const out = new PassThrough();
    const writing = writeWorkbook(out, s, pages).catch((error: unknown) => {
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    try {
      for await (const chunk of out) yield chunk as Buffer;
    } finally {
      // Ended, failed or abandoned by the reader: in every case the writer must not go on.
      out.destroy();
    }
    await writing;
  }
  return Readable.from(chunks(), { objectMode: false });
}

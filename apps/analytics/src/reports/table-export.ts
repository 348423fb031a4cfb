import type { FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/** Excel's media type: the workbook exports' `Content-Type`, as their routes document it. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A report table as every format sees it: named columns, rows of plain values (null = blank). */
export interface ReportTable {
  /** File name without extension, and the sheet's name. */
  name: string;
  columns: string[];
  rows: (string | number | boolean | null)[][];
  /** Shown above the table in a spreadsheet (unit, month, threshold…). */
  notes?: [string, string | number][];
}

export function tableCsv(table: ReportTable): string {
  return stringify([table.columns, ...table.rows], {
    record_delimiter: 'windows',
    cast: { number: (n) => String(n), boolean: (b) => (b ? 'true' : 'false') },
  });
}

/** One sheet: the notes, a blank row, then the table with a bold header and frozen panes. */
export async function tableWorkbook(table: ReportTable): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(table.name.slice(0, 31));
  for (const [k, v] of table.notes ?? []) sheet.addRow([k, v]);
  if (table.notes?.length) sheet.addRow([]);
  const header = sheet.addRow(table.columns);
  header.font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? null : v)));
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  sheet.columns.forEach((column, i) => {
    column.width = Math.max(10, Math.min(40, (table.columns[i]?.length ?? 8) + 2));
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The CSV of a table, with the reply's headers set (for `@Res({ passthrough: true })` routes). */
export function csvReply(reply: FastifyReply, table: ReportTable): string {
  void reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${table.name}.csv"`);
  return tableCsv(table);
}

/** The Excel workbook of a table, with the reply's headers set. */
export function xlsxReply(reply: FastifyReply, table: ReportTable): Promise<Buffer> {
  void reply
    .header('content-type', XLSX_MEDIA_TYPE)
    .header('content-disposition', `attachment; filename="${table.name}.xlsx"`);
  return tableWorkbook(table);
}

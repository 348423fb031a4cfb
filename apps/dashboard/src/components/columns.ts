import { date, dateTime, decimal, fenToYuanNumber, integer, percent, yuan } from '../format/format';
import type { ExportCell } from '../export/table-export';

export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'money' | 'date' | 'datetime';

/** One column of a DataTable: how to read, show, sort and export a row's value. */
export interface Column<Row> {
  key: string;
  /** Already translated. */
  label: string;
  kind?: ColumnKind;
  /** Reads the raw value (default: `row[key]`). */
  value?: (row: Row) => unknown;
  /** Shows the value (default: by kind). */
  display?: (row: Row) => string;
  sortable?: boolean;
  minWidth?: number;
}

/** Text of a cell value: lists joined, objects as JSON (never "[object Object]"). */
export function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

export function rawValue<Row>(column: Column<Row>, row: Row): unknown {
  return column.value ? column.value(row) : (row as Record<string, unknown>)[column.key];
}

export function displayValue<Row>(column: Column<Row>, row: Row): string {
  if (column.display) return column.display(row);
  const value = rawValue(column, row);
  if (value === null || value === undefined || value === '') return '—';
  switch (column.kind) {
    case 'integer':
      return integer(Number(value));
    case 'decimal':
      return decimal(Number(value));
    case 'percent':
      return percent(Number(value));
    case 'money':
      return yuan(Number(value));
    case 'date':
      return date(textOf(value));
    case 'datetime':
      return dateTime(textOf(value));
    default:
      return textOf(value);
  }
}

/** The value a spreadsheet gets: numbers as numbers (money in yuan), everything else as shown. */
export function exportValue<Row>(column: Column<Row>, row: Row): ExportCell {
  const value = rawValue(column, row);
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'integer':
    case 'decimal':
    case 'percent':
      return Number(value);
    case 'money':
      return fenToYuanNumber(Number(value));
    default:
      return column.display ? column.display(row) : textOf(value);
  }
}

export function compareBy<Row>(column: Column<Row>): (a: Row, b: Row) => number {
  return (a, b) => {
    const x = rawValue(column, a);
    const y = rawValue(column, b);
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return textOf(x).localeCompare(textOf(y), 'zh-CN');
  };
}

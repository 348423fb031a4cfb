import type { LedgerEntry } from './types';

/** The ledger newest first (the API keeps it in the order written); same instant: by id. */
export function newestFirst(entries: readonly LedgerEntry[]): LedgerEntry[] {
  return [...entries].sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
}

/** The API answers the whole ledger at once; the table shows it a page at a time, newest first. */
export const LEDGER_PAGE = 20;

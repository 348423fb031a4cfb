import { walletPartOf } from '#anlao/events';
import { WALLET_PARTS, type WalletPart } from '../residents/resident.types.js';

export interface LedgerEntry {
  /** Deterministic (`credit:2026-03:meal`, `debit:<orderId>`), so a retried operation finds itself. */
  id: string;
  /** `free-experience`: a service the subsidy paid in full outside the balances (amount 0). */
  kind: 'credit' | 'expire' | 'debit' | 'free-experience';
  part: WalletPart;
  /** Signed fen: credits positive, debits and expiry negative (or zero). */
  amountFen: number;
  /** YYYY-MM, for credit and expire entries. */
  month?: string;
  orderId?: string;
  /** The credit-run job that wrote a credit or expire entry: a run redoing a page after a crash knows its own work. */
  runId?: string;
  /** ISO instant. */
  at: string;
}

export interface WalletState {
  balances: Record<WalletPart, number>;
  entries: LedgerEntry[];
}

export type DebitResult =
  | {
      outcome: 'debited';
      part: WalletPart;
      paidFen: number;
      copaymentFen: number;
      freeExperience: boolean;
      state: WalletState;
      entry: LedgerEntry;
    }
  | { outcome: 'duplicate' }
  | { outcome: 'rejected'; reason: 'service-not-covered' | 'invalid-amount' };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const zeroBalances = (): Record<WalletPart, number> => ({ 'basic-care': 0, 'living-services': 0 });

export function emptyWallet(): WalletState {
  return { balances: zeroBalances(), entries: [] };
}

const isFen = (value: number) => Number.isSafeInteger(value) && value >= 0;

/**
 * Credits a month's subsidy. Idempotent per part: a part that already has this month's
 * credit or expire entry is left alone, so a retried monthly job adds nothing.
 *
 * With 'expire', each part's unused balance is zeroed by an expire entry just before the
 * credit. A month older than the newest month in the ledger is then ignored altogether:
 * its money would already have expired, and its expiry would wipe the newer month's.
 * With 'carry-over' such a late month is still credited, since the money is still owed.
 *
 * Zero amounts (and zero balances to expire) leave no entry.
 */
export function creditMonth(
  state: WalletState,
  month: string,
  amounts: Record<WalletPart, number>,
  unusedBalance: 'expire' | 'carry-over',
  at: string,
  runId?: string,
): { state: WalletState; entries: LedgerEntry[] } {
  if (!MONTH.test(month)) throw new RangeError('month must be YYYY-MM');
  for (const part of WALLET_PARTS) {
    if (!isFen(amounts[part])) throw new RangeError(`${part} amount must be a non-negative integer of fen`);
  }
  if (unusedBalance === 'expire') {
    const newest = state.entries.reduce(
      (max, e) => (e.month !== undefined && e.month > max ? e.month : max),
      '',
    );
    if (month < newest) return { state, entries: [] };
  }
  const ids = new Set(state.entries.map((e) => e.id));
  const balances = { ...state.balances };
  const added: LedgerEntry[] = [];
  const run = runId === undefined ? {} : { runId };
  for (const part of WALLET_PARTS) {
    const creditId = `credit:${month}:${part}`;
    const expireId = `expire:${month}:${part}`;
    if (ids.has(creditId) || ids.has(expireId)) continue;
    if (unusedBalance === 'expire' && balances[part] > 0) {
      added.push({ id: expireId, kind: 'expire', part, amountFen: -balances[part], month, ...run, at });
      balances[part] = 0;
    }
    if (amounts[part] > 0) {
      added.push({ id: creditId, kind: 'credit', part, amountFen: amounts[part], month, ...run, at });
      balances[part] += amounts[part];
    }
  }
  if (added.length === 0) return { state, entries: [] };
  return { state: { balances, entries: [...state.entries, ...added] }, entries: added };
}

/**
 * Pays a service order from the wallet part that covers its type: the part pays what it
 * can, the elder pays the rest. A debit entry is appended even when the part pays
 * nothing, so the ledger alone makes a retried order a 'duplicate'. A rejected order
 * leaves no trace, so its retry is rejected again the same way.
 */
/** Free experience services the wallet has used so far. */
export function freeExperiencesUsed(state: WalletState): number {
  return state.entries.filter((e) => e.kind === 'free-experience').length;
}

/**
 * Pays a delivered service: from the catalogue's wallet part as far as its balance goes, the
 * rest is the elder's co-payment. While the resident has free experience services left (the
 * rule set's `freeExperienceServices` of their category, e.g. one for the 60+ ordinary
 * category), the subsidy pays the whole price instead and the balances stay as they are.
 * Keyed by order: a second debit of the same order is a duplicate.
 */
export function debitForService(
  state: WalletState,
  order: { orderId: string; serviceType: string; amountFen: number },
  at: string,
  freeExperienceServices = 0,
): DebitResult {
  if (order.orderId === '') throw new RangeError('orderId must not be empty');
  const id = `debit:${order.orderId}`;
  if (state.entries.some((e) => e.id === id)) return { outcome: 'duplicate' };
  // The one service catalogue (libs/events) decides; it also reads the codes used before it.
  const part = walletPartOf(order.serviceType);
  if (part === undefined) return { outcome: 'rejected', reason: 'service-not-covered' };
  if (!isFen(order.amountFen)) return { outcome: 'rejected', reason: 'invalid-amount' };
  if (freeExperiencesUsed(state) < freeExperienceServices) {
    const entry: LedgerEntry = {
      id,
      kind: 'free-experience',
      part,
      amountFen: 0,
      orderId: order.orderId,
      at,
    };
    return {
      outcome: 'debited',
      part,
      paidFen: order.amountFen,
      copaymentFen: 0,
      freeExperience: true,
      state: { balances: state.balances, entries: [...state.entries, entry] },
      entry,
    };
  }
  const paidFen = Math.min(state.balances[part], order.amountFen);
  // 0 - 0 keeps the entry at +0; a -0 would not equal 0 under Object.is.
  const entry: LedgerEntry = { id, kind: 'debit', part, amountFen: 0 - paidFen, orderId: order.orderId, at };
  return {
    outcome: 'debited',
    part,
    paidFen,
    copaymentFen: order.amountFen - paidFen,
    freeExperience: false,
    state: {
      balances: { ...state.balances, [part]: state.balances[part] - paidFen },
      entries: [...state.entries, entry],
    },
    entry,
  };
}

export function balanceFromLedger(entries: readonly LedgerEntry[]): Record<WalletPart, number> {
  const balances = zeroBalances();
  for (const entry of entries) balances[entry.part] += entry.amountFen;
  return balances;
}

/** Balances equal the ledger's sums and none is negative; entry ids are unique. */
export function checkInvariant(state: WalletState): boolean {
  const sums = balanceFromLedger(state.entries);
  const balanced = WALLET_PARTS.every(
    (part) =>
      Number.isSafeInteger(state.balances[part]) &&
      state.balances[part] >= 0 &&
      state.balances[part] === sums[part],
  );
  return balanced && new Set(state.entries.map((e) => e.id)).size === state.entries.length;
}

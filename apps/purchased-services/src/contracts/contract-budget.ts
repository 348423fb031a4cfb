import { DomainError } from '#anlao/platform';

/**
 * A contract's money, all integer fen (ADR 0023). `budgetFen` is what the buyer set aside;
 * orders reserve part of it (`committedFen`, one entry per order in `reservations`) and a
 * delivered order turns its reservation into `spentFen`. Left = budget − committed − spent,
 * never negative. Each operation is keyed by the order id and is a no-op when repeated, so a
 * retried order step moves the money exactly once; the contract document is the one writer.
 */
export interface ContractBudget {
  budgetFen: number;
  committedFen: number;
  spentFen: number;
  /** Open reservations: order id → fen reserved. */
  reservations: Readonly<Record<string, number>>;
}

const isFen = (value: number) => Number.isSafeInteger(value) && value >= 0;

export function emptyBudget(budgetFen: number): ContractBudget {
  return { budgetFen, committedFen: 0, spentFen: 0, reservations: {} };
}

export function budgetLeftFen(b: ContractBudget): number {
  return b.budgetFen - b.committedFen - b.spentFen;
}

/** An amendment may lower the budget only down to what is already committed or spent. */
export function assertBudgetAtLeastUsed(newBudgetFen: number, b: ContractBudget): void {
  const used = b.committedFen + b.spentFen;
  if (newBudgetFen < used)
    throw new DomainError(
      'conflict',
      'contract.budget-below-used',
      `the budget cannot go below the ${used} fen already committed or spent`,
      [],
      { usedFen: used },
    );
}

export type ReserveResult =
  | { outcome: 'reserved' | 'already-reserved'; budget: ContractBudget }
  | { outcome: 'insufficient'; leftFen: number };

/** Sets `fen` aside for an order; the same order again changes nothing. */
export function reserve(b: ContractBudget, orderId: string, fen: number): ReserveResult {
  if (!isFen(fen)) throw new RangeError('fen must be a non-negative integer');
  if (Object.hasOwn(b.reservations, orderId)) return { outcome: 'already-reserved', budget: b };
  if (fen > budgetLeftFen(b)) return { outcome: 'insufficient', leftFen: budgetLeftFen(b) };
  return {
    outcome: 'reserved',
    budget: { ...b, committedFen: b.committedFen + fen, reservations: { ...b.reservations, [orderId]: fen } },
  };
}

export type SettleResult = { outcome: 'consumed' | 'released' | 'not-reserved'; budget: ContractBudget };

/**
 * A delivered order spends `fen` (at most what it reserved); the rest goes back to the budget.
 * An order with no open reservation (never reserved, or already consumed) changes nothing.
 */
export function consume(b: ContractBudget, orderId: string, fen: number): SettleResult {
  if (!isFen(fen)) throw new RangeError('fen must be a non-negative integer');
  const reserved = Object.hasOwn(b.reservations, orderId) ? b.reservations[orderId] : undefined;
  if (reserved === undefined) return { outcome: 'not-reserved', budget: b };
  if (fen > reserved) throw new RangeError('an order cannot spend more than it reserved');
  const reservations = { ...b.reservations };
  delete reservations[orderId];
  return {
    outcome: 'consumed',
    budget: { ...b, committedFen: b.committedFen - reserved, spentFen: b.spentFen + fen, reservations },
  };
}

/** A cancelled order gives its reservation back; repeated, it changes nothing. */
export function release(b: ContractBudget, orderId: string): SettleResult {
  const reserved = Object.hasOwn(b.reservations, orderId) ? b.reservations[orderId] : undefined;
  if (reserved === undefined) return { outcome: 'not-reserved', budget: b };
  const reservations = { ...b.reservations };
  delete reservations[orderId];
  return { outcome: 'released', budget: { ...b, committedFen: b.committedFen - reserved, reservations } };
}

import { Injectable } from '@nestjs/common';
import { ContractRepository } from '../contracts/contract.repository.js';
import { consume, release, reserve, type ContractBudget } from '../contracts/contract-budget.js';

const MAX_ATTEMPTS = 5;

/**
 * Moves an order's money on its contract with the pure budget functions (ADR 0023): each step
 * is keyed by the order id and a no-op when repeated, and the contract document is its one
 * writer (conditional on the revision read, serialised by `writeAggregate`).
 */
@Injectable()
export class ContractMoney {
  constructor(private readonly contracts: ContractRepository) {}

  /** False when the contract is gone, closed or has too little left (another order got there first). */
  async reserve(contractId: string, orderId: string, fen: number): Promise<boolean> {
    return this.apply(
      contractId,
      (b) => {
        const result = reserve(b, orderId, fen);
        return result.outcome === 'insufficient' ? null : result.budget;
      },
      true,
    );
  }

  /** A declined, failed or cancelled order gives its reservation back. */
  async release(contractId: string, orderId: string): Promise<void> {
    await this.apply(contractId, (b) => release(b, orderId).budget);
  }

  /** A delivered order spends what it reserved. */
  async consume(contractId: string, orderId: string, fen: number): Promise<void> {
    await this.apply(contractId, (b) => consume(b, orderId, fen).budget);
  }

  private async apply(
    contractId: string,
    step: (b: ContractBudget) => ContractBudget | null,
    needsOpen = false,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const contract = await this.contracts.findById(contractId);
      if (!contract || (needsOpen && contract.status !== 'active')) return false;
      const next = step(contract);
      if (next === null) return false;
      // The budget functions answer the same object when the step was done already.
      if (next === contract) return true;
      const set = {
        committedFen: next.committedFen,
        spentFen: next.spentFen,
        reservations: { ...next.reservations },
      };
      if (await this.contracts.update(contractId, contract.revision, set, [])) return true;
    }
    throw new Error(`contract ${contractId} kept changing while an order's budget step was applied`);
  }
}

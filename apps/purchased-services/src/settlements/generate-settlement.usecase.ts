import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#anlao/platform';
import { ContractRepository, type ContractSummary } from '../contracts/contract.repository.js';
import { budgetLeftFen } from '../contracts/contract-budget.js';
import { PURCHASED_SERVICES_CONFIG, type PurchasedServicesConfig } from '../purchased-services.config.js';
import { contentHashOf, FiguresFold, type SettlementFigures } from './settlement-figures.js';
import { periodTouchesMonth, settlementIdOf } from './settlement-ids.js';
import { SettlementOrders } from './settlement-orders.js';
import { SettlementRepository } from './settlement.repository.js';
import type { Settlement } from './settlement.schema.js';

/** What became of one contract's statement. */
export type GenerateOutcome = 'created' | 'replaced' | 'unchanged' | 'skipped';

const MAX_ATTEMPTS = 5;

/**
 * Makes (or makes again) one contract's statement of one month: folds the month's delivered
 * orders page by page, then writes the statement only if its figures differ from the stored
 * ones. Safe to repeat at any time (a job page redone after a crash, a second run): the id is
 * the contract and month, and equal figures write nothing.
 */
@Injectable()
export class GenerateSettlementUseCase {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly orders: SettlementOrders,
    private readonly settlements: SettlementRepository,
    @Inject(PURCHASED_SERVICES_CONFIG) private readonly config: PurchasedServicesConfig,
  ) {}

  async execute(
    contractId: string,
    month: string,
    jobId: string,
    now = new Date(),
  ): Promise<GenerateOutcome> {
    const contract = await this.contracts.findById(contractId);
    if (contract === null)
      throw new DomainError('not-found', 'contract.not-found', `no contract ${contractId}`);
    const figures = await this.fold(contractId, month);
    // A delivery may end after the period (dispatched on its last day): such a month is still owed.
    if (figures.deliveredCount === 0 && !periodTouchesMonth(contract.period, month)) return 'skipped';
    return this.save(statementOf(contract, month, figures, jobId, now));
  }

  private async fold(contractId: string, month: string): Promise<SettlementFigures> {
    const fold = new FiguresFold(this.config.slaOverrides);
    for await (const page of this.orders.all(contractId, month)) fold.add(page);
    return fold.figures();
  }

  /** Insert, leave, or replace conditional on the revision read; a lost race reads and decides again. */
  private async save(next: Settlement): Promise<GenerateOutcome> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.settlements.findById(next._id);
      if (stored === null) {
        if (await this.settlements.insert(next)) return 'created';
        continue;
      }
      if (stored.contentHash === next.contentHash) return 'unchanged';
      if (await this.settlements.replace({ ...next, revision: stored.revision + 1 }, stored.revision))
        return 'replaced';
    }
    throw new DomainError(
      'conflict',
      'settlement.changed-meanwhile',
      `statement ${next._id} kept changing while it was generated; run it again`,
    );
  }
}

function statementOf(
  contract: ContractSummary,
  month: string,
  figures: SettlementFigures,
  jobId: string,
  now: Date,
): Settlement {
  return {
    _id: settlementIdOf(contract._id, month),
    contractId: contract._id,
    providerId: contract.providerId,
    buyerOrgUnit: contract.buyerOrgUnit,
    areas: contract.areas,
    month,
    figures,
    budget: {
      budgetFen: contract.budgetFen,
      spentFen: contract.spentFen,
      committedFen: contract.committedFen,
      leftFen: budgetLeftFen(contract),
    },
    contentHash: contentHashOf(figures),
    generatedAt: now,
    generatedBy: jobId,
    revision: 1,
  };
}

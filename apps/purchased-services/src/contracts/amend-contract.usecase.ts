import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, type Principal } from '#anlao/auth';
import { ProviderRepository } from '../providers/provider.repository.js';
import { ContractRepository, type ContractSummary } from './contract.repository.js';
import {
  applyAmendment,
  assertProviderServes,
  changedTerms,
  normalizeTerms,
  termsPayload,
  type ContractTerms,
} from './contract-terms.js';
import { assertBudgetAtLeastUsed } from './contract-budget.js';
import { assertOpen, termFields, termsOf, visibleContract } from './contract-access.js';

export const MAX_ATTEMPTS = 5;

export type AmendContractResult = { amended: boolean; contract: ContractSummary };

/**
 * Staff of the buyer's unit change an open contract's terms: version n+1 joins the history and
 * `contract.amended` (the whole new snapshot) goes out in the same write. The budget may not go
 * below what orders have committed or spent (409). Terms equal to the current ones change
 * nothing. Conditional on the revision read, so an order's reservation landing in between makes
 * the amendment decide again against the new figures.
 */
@Injectable()
export class AmendContractUseCase {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly providers: ProviderRepository,
  ) {}

  async execute(
    principal: Principal,
    contractId: string,
    patch: Partial<ContractTerms>,
    correlationId: string,
    now = new Date(),
  ): Promise<AmendContractResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = visibleContract(principal, await this.contracts.findById(contractId), contractId);
      assertMayWriteIn(principal, current.buyerOrgUnit);
      assertOpen(current);
      const before = termsOf(current);
      const after = normalizeTerms(current.buyerOrgUnit, applyAmendment(before, patch));
      const changed = changedTerms(before, after);
      if (changed.length === 0) return { amended: false, contract: current };
      assertBudgetAtLeastUsed(after.budgetFen, current);
      if (changed.includes('areas')) {
        const provider = await this.providers.findById(current.providerId);
        assertProviderServes(after.areas, provider?.operatingAreas ?? []);
      }
      const version = current.version + 1;
      const ids = { contractId, providerId: current.providerId, buyerOrgUnit: current.buyerOrgUnit, version };
      const event = createEvent({
        type: 'contract.amended',
        source: 'purchased-services',
        subject: contractId,
        orgUnit: current.buyerOrgUnit,
        correlationId,
        payload: { ...termsPayload(ids, after), changed },
      });
      const entry = { version, terms: after, changed, at: now.toISOString(), by: principal.subject };
      const set = { ...termFields(after), version };
      if (await this.contracts.update(contractId, current.revision, set, [event], entry))
        return { amended: true, contract: { ...current, ...set, revision: current.revision + 1 } };
    }
    throw new DomainError(
      'conflict',
      'contract.changed-meanwhile',
      `contract ${contractId} kept changing while this amendment was applied; read it and try again`,
    );
  }
}

import { Injectable } from '@nestjs/common';
import { createEvent, type ContractCloseReason } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, type Principal } from '#anlao/auth';
import { ContractRepository, type ContractSummary } from './contract.repository.js';
import { termsPayload } from './contract-terms.js';
import { termsOf, visibleContract } from './contract-access.js';
import { MAX_ATTEMPTS } from './amend-contract.usecase.js';

export type CloseContractResult = { closedNow: boolean; contract: ContractSummary };

/**
 * Staff of the buyer's unit close a contract: it takes no new orders and no amendments (orders
 * already reserved may still be delivered and settled). The status and `contract.closed` are one
 * write; closing again is harmless and the first reason stands.
 */
@Injectable()
export class CloseContractUseCase {
  constructor(private readonly contracts: ContractRepository) {}

  async execute(
    principal: Principal,
    contractId: string,
    reason: ContractCloseReason,
    correlationId: string,
    now = new Date(),
  ): Promise<CloseContractResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = visibleContract(principal, await this.contracts.findById(contractId), contractId);
      assertMayWriteIn(principal, current.buyerOrgUnit);
      if (current.status === 'closed') return { closedNow: false, contract: current };
      const ids = {
        contractId,
        providerId: current.providerId,
        buyerOrgUnit: current.buyerOrgUnit,
        version: current.version,
      };
      const event = createEvent({
        type: 'contract.closed',
        source: 'purchased-services',
        subject: contractId,
        orgUnit: current.buyerOrgUnit,
        correlationId,
        payload: {
          ...termsPayload(ids, termsOf(current)),
          reason,
          committedFen: current.committedFen,
          spentFen: current.spentFen,
        },
      });
      const set = { status: 'closed' as const, closedAt: now, closeReason: reason };
      if (await this.contracts.update(contractId, current.revision, set, [event]))
        return { closedNow: true, contract: { ...current, ...set, revision: current.revision + 1 } };
    }
    throw new DomainError(
      'conflict',
      'contract.changed-meanwhile',
      `contract ${contractId} kept changing; try again`,
    );
  }
}

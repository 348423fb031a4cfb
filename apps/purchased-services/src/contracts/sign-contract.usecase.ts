import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, type Principal } from '#anlao/auth';
import { ProviderRepository } from '../providers/provider.repository.js';
import { visibleProvider } from '../providers/provider-access.js';
import { ContractRepository, type ContractSummary } from './contract.repository.js';
import type { Contract } from './contract.schema.js';
import {
  assertProviderServes,
  changedTerms,
  normalizeTerms,
  termsPayload,
  type ContractTerms,
} from './contract-terms.js';
import { termFields, termsOf, visibleContract } from './contract-access.js';

export interface SignContractInput extends ContractTerms {
  providerId: string;
  buyerOrgUnit: string;
}

export type SignContractResult = { status: 'signed' | 'unchanged'; contract: ContractSummary };

/**
 * Staff of the buyer's unit sign a contract with a provider they can see, under an id of
 * their choosing: the same contract again is a no-op (200), other terms a conflict (409,
 * amend instead). Version 1 and `contract.signed` are one document write.
 */
@Injectable()
export class SignContractUseCase {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly providers: ProviderRepository,
  ) {}

  async execute(
    principal: Principal,
    contractId: string,
    input: SignContractInput,
    correlationId: string,
    now = new Date(),
  ): Promise<SignContractResult> {
    const { providerId, buyerOrgUnit } = input;
    assertMayWriteIn(principal, buyerOrgUnit);
    const terms = normalizeTerms(buyerOrgUnit, input);
    const provider = visibleProvider(principal, await this.providers.findById(providerId), providerId);
    assertProviderServes(terms.areas, provider.operatingAreas);
    const contract: Contract = {
      _id: contractId,
      providerId,
      buyerOrgUnit,
      version: 1,
      ...termFields(terms),
      committedFen: 0,
      spentFen: 0,
      reservations: {},
      status: 'active',
      closedAt: null,
      closeReason: null,
      versions: [{ version: 1, terms, changed: [], at: now.toISOString(), by: principal.subject }],
      revision: 1,
    };
    const event = createEvent({
      type: 'contract.signed',
      source: 'purchased-services',
      subject: contractId,
      orgUnit: buyerOrgUnit,
      correlationId,
      payload: termsPayload({ contractId, providerId, buyerOrgUnit, version: 1 }, terms),
    });
    if (await this.contracts.insert(contract, [event])) {
      const { versions: _history, ...summary } = contract;
      return { status: 'signed', contract: summary };
    }
    const existing = visibleContract(principal, await this.contracts.findById(contractId), contractId);
    const sameParties = existing.providerId === providerId && existing.buyerOrgUnit === buyerOrgUnit;
    if (sameParties && existing.version === 1 && changedTerms(termsOf(existing), terms).length === 0)
      return { status: 'unchanged', contract: existing };
    throw new DomainError('conflict', 'contract.exists', `contract ${contractId} exists with other terms`);
  }
}

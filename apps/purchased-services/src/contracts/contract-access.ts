import type { Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { assertSeesPlaced, type Placed } from '../shared/visibility.js';
import type { ContractSummary } from './contract.repository.js';
import type { Contract } from './contract.schema.js';
import type { ContractTerms } from './contract-terms.js';

export const CONTRACT_FIELDS = {
  ownerUnit: 'buyerOrgUnit',
  areas: 'areas',
  providerId: 'providerId',
} as const;

const placed = (c: ContractSummary): Placed => ({
  ownerUnit: c.buyerOrgUnit,
  areas: c.areas,
  providerId: c.providerId,
});

export function visibleContract<T extends ContractSummary>(
  principal: Principal,
  contract: T | null,
  id: string,
): T {
  return assertSeesPlaced(principal, contract, placed, {
    code: 'contract.not-found',
    detail: `no contract ${id}`,
  });
}

export function assertOpen(contract: ContractSummary): void {
  if (contract.status === 'closed')
    throw new DomainError('conflict', 'contract.closed', `contract ${contract._id} is closed`);
}

export function termsOf(c: ContractSummary): ContractTerms {
  return {
    period: c.period,
    budgetFen: c.budgetFen,
    services: c.services,
    areas: c.areas,
    targetGroups: c.targetGroups,
    kpis: c.kpis,
  };
}

/** The fields of the contract document that hold the terms (serviceTypes derived). */
export function termFields(t: ContractTerms): ContractTerms & Pick<Contract, 'serviceTypes'> {
  return { ...t, serviceTypes: t.services.map((s) => s.serviceType) };
}

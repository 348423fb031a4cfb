import type { ContractSummary } from '../contracts/contract.repository.js';
import { chooseContract, openOrdersOf } from './dispatch-rule.js';

const STREET = '2101.210102.210102001';
const HOME = `${STREET}.210102001001`;

function contract(id: string, over: Partial<ContractSummary> = {}): ContractSummary {
  return {
    _id: id,
    providerId: `p-${id}`,
    buyerOrgUnit: '2101.210102',
    version: 1,
    period: { from: '2027-01-01', to: '2027-12-31' },
    budgetFen: 100_000,
    services: [{ serviceType: 'meal-assistance', unitPriceFen: 1500 }],
    serviceTypes: ['meal-assistance'],
    areas: [STREET],
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
    committedFen: 0,
    spentFen: 0,
    reservations: {},
    status: 'active',
    closedAt: null,
    closeReason: null,
    revision: 1,
    ...over,
  };
}

const order = { serviceType: 'meal-assistance' as const, communityPath: HOME, today: '2027-03-01' };
const none = new Map<string, number>();

describe('dispatch rule', () => {
  it('takes the covering contract with the fewest open orders, then the lowest id', () => {
    const contracts = [contract('k-3'), contract('k-1'), contract('k-2')];
    expect(chooseContract(contracts, order, none)).toEqual({
      contractId: 'k-1',
      providerId: 'p-k-1',
      priceFen: 1500,
    });
    expect(
      chooseContract(
        contracts,
        order,
        new Map([
          ['k-1', 2],
          ['k-2', 1],
          ['k-3', 1],
        ]),
      )?.contractId,
    ).toBe('k-2');
  });

  it('passes over contracts that cannot take the order', () => {
    const cannot = [
      contract('k-closed', { status: 'closed' }),
      contract('k-future', { period: { from: '2027-03-02', to: '2027-12-31' } }),
      contract('k-ended', { period: { from: '2026-01-01', to: '2027-02-28' } }),
      contract('k-other-service', { services: [{ serviceType: 'bathing-assistance', unitPriceFen: 100 }] }),
      contract('k-other-street', { areas: ['2101.210102.210102002'] }),
      contract('k-poor', { budgetFen: 2000, committedFen: 600 }),
    ];
    expect(chooseContract(cannot, order, none)).toBeNull();
    const fits = contract('k-fits', {
      budgetFen: 2100,
      committedFen: 600,
      period: { from: '2027-03-01', to: '2027-03-01' },
    });
    expect(chooseContract([...cannot, fits], order, none)?.contractId).toBe('k-fits');
  });

  it('serves a resident through a district-wide contract, never one for a street inside the home', () => {
    expect(chooseContract([contract('k-d', { areas: ['2101.210102'] })], order, none)?.contractId).toBe(
      'k-d',
    );
    const narrower = contract('k-n', { areas: [`${HOME}.1`] });
    expect(chooseContract([narrower], order, none)).toBeNull();
  });

  it('skips the contracts that declined the order', () => {
    const contracts = [contract('k-1'), contract('k-2')];
    expect(chooseContract(contracts, order, none, new Set(['k-1']))?.contractId).toBe('k-2');
    expect(chooseContract(contracts, order, none, new Set(['k-1', 'k-2']))).toBeNull();
  });

  it('counts the open orders of a contract from its reservations', () => {
    const busy = contract('k-1', { reservations: { 'o-1': 1500, 'o-2': 1500 }, committedFen: 3000 });
    const open = openOrdersOf([busy, contract('k-2')]);
    expect(open).toEqual(
      new Map([
        ['k-1', 2],
        ['k-2', 0],
      ]),
    );
    expect(chooseContract([busy, contract('k-2')], order, open)?.contractId).toBe('k-2');
  });
});

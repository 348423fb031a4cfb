import { DomainError } from '#anlao/platform';
import {
  applyAmendment,
  assertProviderServes,
  changedTerms,
  normalizeTerms,
  type ContractTerms,
} from './contract-terms.js';

const BUYER = '2101.210102';
const S1 = `${BUYER}.210102001`;
const S2 = `${BUYER}.210102002`;
const terms: ContractTerms = {
  period: { from: '2027-01-01', to: '2027-12-31' },
  budgetFen: 1_000_000,
  services: [
    { serviceType: 'meal-assistance', unitPriceFen: 1500 },
    { serviceType: 'bathing-assistance', unitPriceFen: 3000 },
  ],
  areas: [S2, S1],
  targetGroups: {
    eligibilityCategories: ['low-income', 'aged-80-plus'],
    priorityGroups: ['shidu', 'living-alone'],
  },
  kpis: { onTimeShareTarget: 0.95, ratingTarget: 4.5 },
};

describe('contract terms', () => {
  it('puts terms in one normal form, whatever order they were sent in', () => {
    const n = normalizeTerms(BUYER, terms);
    expect(n.services.map((s) => s.serviceType)).toEqual(['bathing-assistance', 'meal-assistance']);
    expect(n.areas).toEqual([S1, S2]);
    expect(n.targetGroups).toEqual({
      eligibilityCategories: ['aged-80-plus', 'low-income'],
      priorityGroups: ['living-alone', 'shidu'],
    });
    expect(changedTerms(n, normalizeTerms(BUYER, { ...terms, areas: [S1, S2] }))).toEqual([]);
  });

  it('refuses a repeated service type, repeated groups and areas outside the buyer’s unit, naming them', () => {
    const bad = {
      ...terms,
      services: [...terms.services, { serviceType: 'meal-assistance' as const, unitPriceFen: 1 }],
      targetGroups: {
        eligibilityCategories: ['x1', 'x1'],
        priorityGroups: ['shidu' as const, 'shidu' as const],
      },
      areas: ['2101.210103.210103001'],
    };
    try {
      normalizeTerms(BUYER, bad);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).errors.map((p) => p.field)).toEqual([
        'services',
        'targetGroups.eligibilityCategories',
        'targetGroups.priorityGroups',
        'areas',
      ]);
    }
    expect(() => normalizeTerms(BUYER, { ...terms, areas: [BUYER, S1] })).toThrow(DomainError);
  });

  it('names the terms an amendment changes, in a fixed order', () => {
    const before = normalizeTerms(BUYER, terms);
    const after = normalizeTerms(
      BUYER,
      applyAmendment(before, { kpis: { onTimeShareTarget: 0.9, ratingTarget: 4.5 }, budgetFen: 2_000_000 }),
    );
    expect(changedTerms(before, after)).toEqual(['budgetFen', 'kpis']);
    expect(after.services).toEqual(before.services);
  });

  it('contracts a provider only where it works', () => {
    expect(() => assertProviderServes([S1, S2], [BUYER])).not.toThrow();
    expect(() => assertProviderServes([S1], [S1])).not.toThrow();
    expect(() => assertProviderServes([BUYER], [S1])).toThrow(DomainError);
    expect(() => assertProviderServes([S1, S2], [S1])).toThrow(/210102002/);
  });
});

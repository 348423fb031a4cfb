import { DomainError } from '#anlao/platform';
import { creditCodeCheck, isCreditCode } from './credit-code.js';
import {
  applyProviderPatch,
  changedProviderFacts,
  normalizeAreas,
  publishesChange,
  type ProviderFacts,
} from './provider-facts.js';

const facts: ProviderFacts = {
  name: 'Heping Elder Care Social Work Service Centre',
  creditCode: '52210102MJ0000001Y',
  registeredOrgUnit: '2101.210102',
  operatingAreas: ['2101.210102.210102002', '2101.210102.210102001'],
  contact: { name: 'Li', phone: '024-12345678' },
};

describe('unified social credit code', () => {
  it('accepts codes whose check character agrees and refuses the rest', () => {
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
    expect(isCreditCode('52210102MJ0000001Y')).toBe(true);
    expect(isCreditCode('52210102MJ00000011')).toBe(false);
    expect(isCreditCode('52210102MJ0000001y')).toBe(false);
    expect(isCreditCode('52210102IJ0000001Y')).toBe(false);
    expect(isCreditCode('52210102MJ0000001')).toBe(false);
    expect(isCreditCode(52210102)).toBe(false);
    expect(creditCodeCheck('53210103MJ0000003')).toBe('G');
  });
});

describe('provider facts', () => {
  it('sorts operating areas and refuses repeated or nested ones', () => {
    expect(normalizeAreas('a', ['2101.210102.210102002', '2101.210102.210102001'])).toEqual([
      '2101.210102.210102001',
      '2101.210102.210102002',
    ]);
    expect(() => normalizeAreas('a', ['2101.210102', '2101.210102.210102001'])).toThrow(DomainError);
    expect(() => normalizeAreas('a', ['2101.210102', '2101.210102'])).toThrow(DomainError);
    // A code that only starts like another is not inside it.
    expect(normalizeAreas('a', ['2101.21010', '2101.210102'])).toHaveLength(2);
  });

  it('publishes only a change of the coded facts', () => {
    const before = applyProviderPatch(facts, {});
    const renamed = applyProviderPatch(before, { name: 'Renamed', contact: { name: 'Wang', phone: '1' } });
    const changed = changedProviderFacts(before, renamed);
    expect(Object.keys(changed).sort()).toEqual(['contact', 'name']);
    expect(publishesChange(changed)).toBe(false);
    const moved = applyProviderPatch(before, { operatingAreas: ['2101.210102'] });
    expect(publishesChange(changedProviderFacts(before, moved))).toBe(true);
    expect(
      changedProviderFacts(before, applyProviderPatch(before, { operatingAreas: [...facts.operatingAreas] })),
    ).toEqual({});
  });
});

import fc from 'fast-check';
import type { EligibilityFacts } from '../residents/resident.types.js';
import {
  activeRuleSet,
  ageOn,
  assessEligibility,
  birthdayMonthDay,
  birthdayMonthDaysOn,
  defaultRuleSet,
  hasBirthdayOn,
  nextAgeBoundary,
  RuleSetSchema,
  type RuleSet,
  type RuleSetInput,
} from './eligibility-rules.js';

const rules = defaultRuleSet('2026-01-01');

function facts(overrides: Partial<EligibilityFacts> = {}): EligibilityFacts {
  return {
    birthDate: '1946-03-15',
    economicStatus: 'ordinary',
    familyStatus: 'ordinary',
    livingArrangement: 'with-partner',
    alive: true,
    ...overrides,
  };
}

function ruleSet(overrides: Partial<RuleSetInput> = {}): RuleSetInput {
  return {
    version: '2026-01',
    effectiveFrom: '2026-01-01',
    unusedBalance: 'expire',
    categories: [
      { code: 'aged-70', minAge: 70, monthlyCreditFen: { 'basic-care': 1000, 'living-services': 0 } },
    ],
    ...overrides,
  };
}

describe('ageOn', () => {
  it('counts completed years with exact-day boundaries', () => {
    expect(ageOn('1946-03-15', '2026-03-14')).toBe(79);
    expect(ageOn('1946-03-15', '2026-03-15')).toBe(80);
    expect(ageOn('1946-03-15', '2026-12-31')).toBe(80);
    expect(ageOn('1946-12-31', '2026-12-30')).toBe(79);
    expect(ageOn('1946-01-01', '2026-01-01')).toBe(80);
  });

  it('ages a Feb 29 birth on Mar 1 in non-leap years and on Feb 29 in leap years', () => {
    expect(ageOn('1944-02-29', '2023-02-28')).toBe(78);
    expect(ageOn('1944-02-29', '2023-03-01')).toBe(79);
    expect(ageOn('1944-02-29', '2024-02-28')).toBe(79);
    expect(ageOn('1944-02-29', '2024-02-29')).toBe(80);
  });

  it('is zero on the day of birth and negative before it', () => {
    expect(ageOn('2026-03-15', '2026-03-15')).toBe(0);
    expect(ageOn('2026-03-15', '2026-03-14')).toBe(-1);
  });

  it('refuses malformed dates', () => {
    expect(() => ageOn('1946-02-30', '2026-01-01')).toThrow(RangeError);
    expect(() => ageOn('1946-01-01', '2026/01/01')).toThrow(RangeError);
  });

  it('agrees with counting birthdays one by one (property)', () => {
    const day = fc
      .date({
        min: new Date(Date.UTC(1900, 0, 1)),
        max: new Date(Date.UTC(2100, 11, 31)),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [birth, on] = a <= b ? [a, b] : [b, a];
        const startYear = Number(birth.slice(0, 4));
        let birthdays = 0;
        for (let year = startYear + 1; year <= Number(on.slice(0, 4)); year++) {
          const candidate = `${year}-${birth.slice(5)}`;
          const celebrated = birth.slice(5) === '02-29' && !isLeap(year) ? `${year}-03-01` : candidate;
          if (celebrated <= on) birthdays++;
        }
        expect(ageOn(birth, on)).toBe(birthdays);
      }),
    );
  });
});

function isLeap(year: number): boolean {
  return new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
}

describe('birthdays', () => {
  it('gives the birth month-day, and which month-days are celebrated on a date', () => {
    expect(birthdayMonthDay('1944-02-29')).toBe('02-29');
    expect(birthdayMonthDay('1946-03-15')).toBe('03-15');
    expect(birthdayMonthDaysOn('2023-03-01')).toEqual(['03-01', '02-29']);
    expect(birthdayMonthDaysOn('2024-03-01')).toEqual(['03-01']);
    expect(birthdayMonthDaysOn('2024-02-29')).toEqual(['02-29']);
  });

  it('celebrates a Feb 29 birthday on Mar 1 in non-leap years only', () => {
    expect(hasBirthdayOn('1944-02-29', '2023-02-28')).toBe(false);
    expect(hasBirthdayOn('1944-02-29', '2023-03-01')).toBe(true);
    expect(hasBirthdayOn('1944-02-29', '2024-02-29')).toBe(true);
    expect(hasBirthdayOn('1944-02-29', '2024-03-01')).toBe(false);
    expect(hasBirthdayOn('1946-03-15', '2026-03-15')).toBe(true);
    expect(hasBirthdayOn('1946-03-15', '1946-03-15')).toBe(false);
  });
});

describe('nextAgeBoundary', () => {
  it('finds the next 60th or 80th birthday after a date', () => {
    expect(nextAgeBoundary('1970-05-20', rules, '2026-01-01')).toBe('2030-05-20');
    expect(nextAgeBoundary('1946-05-20', rules, '2026-01-01')).toBe('2026-05-20');
    expect(nextAgeBoundary('1946-05-20', rules, '2026-05-19')).toBe('2026-05-20');
    expect(nextAgeBoundary('1946-05-20', rules, '2026-05-20')).toBeNull();
    expect(nextAgeBoundary('1966-02-28', rules, '2026-01-01')).toBe('2026-02-28');
  });

  it('uses Mar 1 for a Feb 29 birth reaching an age in a non-leap year', () => {
    const aged70 = RuleSetSchema.parse(ruleSet());
    expect(nextAgeBoundary('1944-02-29', aged70, '2014-01-01')).toBe('2014-03-01');
    expect(nextAgeBoundary('1944-02-29', aged70, '2014-02-28')).toBe('2014-03-01');
    expect(nextAgeBoundary('1944-02-29', aged70, '2014-03-01')).toBeNull();
    expect(nextAgeBoundary('1964-02-29', rules, '2024-01-01')).toBe('2024-02-29');
    expect(nextAgeBoundary('1964-02-29', rules, '2024-02-29')).toBe('2044-02-29');
  });

  it('is where assessments change (aged-80-plus starts on the boundary)', () => {
    const birthDate = '1946-05-20';
    const boundary = nextAgeBoundary(birthDate, rules, '2026-01-01') ?? '';
    expect(assessEligibility(facts({ birthDate }), rules, '2026-05-19').categories).toEqual([
      'aged-60-ordinary',
    ]);
    expect(assessEligibility(facts({ birthDate }), rules, boundary).categories).toEqual([
      'aged-80-plus',
      'aged-60-ordinary',
    ]);
  });
});

describe('activeRuleSet', () => {
  const set = (version: string, effectiveFrom: string): RuleSet =>
    RuleSetSchema.parse(ruleSet({ version, effectiveFrom }));
  const sets = [set('2027-01', '2027-01-01'), set('2026-01', '2026-01-01'), set('2026-07', '2026-07-01')];

  it('picks the latest effective rule set, switching on the exact effective day', () => {
    expect(activeRuleSet(sets, '2025-12-31')).toBeNull();
    expect(activeRuleSet(sets, '2026-01-01')?.version).toBe('2026-01');
    expect(activeRuleSet(sets, '2026-06-30')?.version).toBe('2026-01');
    expect(activeRuleSet(sets, '2026-07-01')?.version).toBe('2026-07');
    expect(activeRuleSet(sets, '2026-12-31')?.version).toBe('2026-07');
    expect(activeRuleSet(sets, '2027-01-01')?.version).toBe('2027-01');
    expect(activeRuleSet([], '2027-01-01')).toBeNull();
  });

  it('breaks a tie on the effective date by the lexically greatest version', () => {
    const tied = [
      set('2026-07b', '2026-07-01'),
      set('2026-07c', '2026-07-01'),
      set('2026-07a', '2026-07-01'),
    ];
    expect(activeRuleSet(tied, '2026-07-01')?.version).toBe('2026-07c');
  });
});

describe('assessEligibility', () => {
  it('puts an ordinary 80-year-old in aged-80-plus and aged-60-ordinary, with the 100 yuan', () => {
    expect(assessEligibility(facts(), rules, '2026-03-15')).toEqual({
      categories: ['aged-80-plus', 'aged-60-ordinary'],
      ruleSetVersion: 'default-1',
      monthlyCreditFen: { 'basic-care': 4000, 'living-services': 6000 },
      freeExperienceServices: 0,
    });
  });

  it('does not make aged-80-plus the day before the 80th birthday', () => {
    expect(assessEligibility(facts(), rules, '2026-03-14')).toEqual({
      categories: ['aged-60-ordinary'],
      ruleSetVersion: 'default-1',
      monthlyCreditFen: { 'basic-care': 0, 'living-services': 0 },
      freeExperienceServices: 1,
    });
  });

  it('does not add categories up: an 80+ elder on dibao gets 100 yuan, not 150', () => {
    const result = assessEligibility(facts({ economicStatus: 'dibao' }), rules, '2026-03-15');
    expect(result.categories).toEqual(['aged-80-plus', 'low-income']);
    expect(result.monthlyCreditFen).toEqual({ 'basic-care': 4000, 'living-services': 6000 });
  });

  it('gives a low-income 60-year-old 50 yuan as 20 + 30', () => {
    const result = assessEligibility(
      facts({ birthDate: '1966-03-15', economicStatus: 'special-hardship' }),
      rules,
      '2026-03-15',
    );
    expect(result.categories).toEqual(['low-income']);
    expect(result.monthlyCreditFen).toEqual({ 'basic-care': 2000, 'living-services': 3000 });
  });

  it('gives nothing under 60, and nothing to the deceased', () => {
    const none = { categories: [], monthlyCreditFen: { 'basic-care': 0, 'living-services': 0 } };
    expect(assessEligibility(facts({ birthDate: '1966-03-16' }), rules, '2026-03-15')).toMatchObject(none);
    expect(assessEligibility(facts({ alive: false }), rules, '2026-03-15')).toMatchObject({
      ...none,
      freeExperienceServices: 0,
    });
  });

  it('matches on every stated condition', () => {
    const custom = RuleSetSchema.parse(
      ruleSet({
        categories: [
          {
            code: 'shidu-alone',
            minAge: 60,
            familyStatuses: ['shidu'],
            livingArrangements: ['alone'],
            monthlyCreditFen: { 'basic-care': 3000, 'living-services': 0 },
          },
          { code: 'everyone', monthlyCreditFen: { 'basic-care': 0, 'living-services': 0 } },
        ],
      }),
    );
    const at = (over: Partial<EligibilityFacts>) =>
      assessEligibility(facts(over), custom, '2026-03-15').categories;
    expect(at({ familyStatus: 'shidu', livingArrangement: 'alone' })).toEqual(['shidu-alone', 'everyone']);
    expect(at({ familyStatus: 'shidu', livingArrangement: 'with-partner' })).toEqual(['everyone']);
    expect(at({ familyStatus: 'empty-nest', livingArrangement: 'alone' })).toEqual(['everyone']);
    expect(at({ familyStatus: 'shidu', livingArrangement: 'alone', birthDate: '1970-01-01' })).toEqual([
      'everyone',
    ]);
    expect(assessEligibility(facts({ birthDate: '2026-03-16' }), custom, '2026-03-15').categories).toEqual(
      [],
    );
  });

  it('takes money from the best single category, ties going to free services then rule-set order', () => {
    const custom = RuleSetSchema.parse(
      ruleSet({
        categories: [
          { code: 'label', monthlyCreditFen: { 'basic-care': 0, 'living-services': 0 } },
          {
            code: 'trial',
            monthlyCreditFen: { 'basic-care': 0, 'living-services': 0 },
            freeExperienceServices: 2,
          },
          { code: 'cat-a', minAge: 70, monthlyCreditFen: { 'basic-care': 1000, 'living-services': 2000 } },
          { code: 'cat-b', minAge: 75, monthlyCreditFen: { 'basic-care': 3000, 'living-services': 0 } },
          { code: 'cat-c', minAge: 79, monthlyCreditFen: { 'basic-care': 500, 'living-services': 2000 } },
        ],
      }),
    );
    expect(assessEligibility(facts({ birthDate: '1990-01-01' }), custom, '2026-03-15')).toMatchObject({
      categories: ['label', 'trial'],
      freeExperienceServices: 2,
    });
    expect(assessEligibility(facts(), custom, '2026-03-15')).toMatchObject({
      categories: ['label', 'trial', 'cat-a', 'cat-b', 'cat-c'],
      monthlyCreditFen: { 'basic-care': 1000, 'living-services': 2000 },
      freeExperienceServices: 0,
    });
  });
});

describe('RuleSetSchema', () => {
  const issuePaths = (raw: unknown) => {
    const result = RuleSetSchema.safeParse(raw);
    return result.success ? [] : [...new Set(result.error.issues.map((i) => i.path.join('.')))];
  };

  it('accepts the default rule set and fills freeExperienceServices', () => {
    expect(RuleSetSchema.parse(rules)).toEqual(rules);
    expect(RuleSetSchema.parse(ruleSet()).categories[0]?.freeExperienceServices).toBe(0);
  });

  it('refuses duplicate category codes', () => {
    const category = { code: 'same', monthlyCreditFen: { 'basic-care': 0, 'living-services': 0 } };
    expect(issuePaths(ruleSet({ categories: [category, { ...category }] }))).toEqual(['categories.1.code']);
  });

  it('refuses negative or fractional fen', () => {
    const withCredit = (basic: number) =>
      ruleSet({
        categories: [{ code: 'x1', monthlyCreditFen: { 'basic-care': basic, 'living-services': 0 } }],
      });
    expect(issuePaths(withCredit(-1))).toEqual(['categories.0.monthlyCreditFen.basic-care']);
    expect(issuePaths(withCredit(10.5))).toEqual(['categories.0.monthlyCreditFen.basic-care']);
  });

  it('refuses bad dates', () => {
    expect(issuePaths(ruleSet({ effectiveFrom: '2026-02-30' }))).toEqual(['effectiveFrom']);
    expect(issuePaths(ruleSet({ effectiveFrom: '2026-1-1' }))).toEqual(['effectiveFrom']);
    expect(() => defaultRuleSet('tomorrow')).toThrow();
  });

  it('refuses unknown keys, empty condition lists, bad codes and out-of-range sizes', () => {
    const base = { monthlyCreditFen: { 'basic-care': 0, 'living-services': 0 } };
    expect(issuePaths(ruleSet({ categories: [{ ...base, code: 'ok', minage: 80 } as never] }))).toEqual([
      'categories.0',
    ]);
    expect(issuePaths(ruleSet({ categories: [{ ...base, code: 'ok', economicStatuses: [] }] }))).toEqual([
      'categories.0.economicStatuses',
    ]);
    expect(issuePaths(ruleSet({ categories: [{ ...base, code: 'Aged 80' }] }))).toEqual([
      'categories.0.code',
    ]);
    expect(issuePaths(ruleSet({ categories: [{ ...base, code: 'ok', minAge: 151 }] }))).toEqual([
      'categories.0.minAge',
    ]);
    expect(issuePaths(ruleSet({ categories: [] }))).toEqual(['categories']);
    expect(issuePaths(ruleSet({ version: '' }))).toEqual(['version']);
    expect(issuePaths(ruleSet({ version: 'x'.repeat(41) }))).toEqual(['version']);
    expect(issuePaths(ruleSet({ unusedBalance: 'keep' as never }))).toEqual(['unusedBalance']);
  });
});

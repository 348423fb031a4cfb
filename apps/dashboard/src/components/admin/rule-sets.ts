import type { EligibilityCategory, RuleSet, RuleSets } from './admin-api';

/** Residents' codes a category may require (apps/residents resident.types.ts). */
export const ECONOMIC_STATUSES = ['dibao', 'special-hardship', 'ordinary'];
export const FAMILY_STATUSES = ['shidu', 'empty-nest', 'ordinary'];
export const LIVING_ARRANGEMENTS = ['alone', 'with-partner', 'with-children', 'other'];

export type RuleSetState = 'in-force' | 'scheduled' | 'superseded';

export interface RuleSetRow extends RuleSet {
  key: string;
  builtIn: boolean;
  state: RuleSetState;
}

const same = (a: RuleSet, b: RuleSet): boolean =>
  a.version === b.version && a.effectiveFrom === b.effectiveFrom;

/** Every published version, newest effective day first, and the built-in default; which one is in force. */
export function ruleSetRows(answer: RuleSets): RuleSetRow[] {
  const stateOf = (rs: RuleSet): RuleSetState =>
    same(rs, answer.active)
      ? 'in-force'
      : rs.effectiveFrom > answer.active.effectiveFrom
        ? 'scheduled'
        : 'superseded';
  const published = [...answer.published]
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
    .map((rs) => ({ ...rs, key: `p:${rs.version}`, builtIn: false, state: stateOf(rs) }));
  return [
    ...published,
    { ...answer.fallback, key: 'fallback', builtIn: true, state: stateOf(answer.fallback) },
  ];
}

/* The publish form: amounts in yuan as people type them, sent as integer fen. */

export interface CategoryDraft {
  code: string;
  description: string;
  minAge: number | null;
  economicStatuses: string[];
  familyStatuses: string[];
  livingArrangements: string[];
  basicCareYuan: number;
  livingServicesYuan: number;
  freeExperienceServices: number;
}

export interface RuleSetDraft {
  version: string;
  effectiveFrom: string;
  unusedBalance: RuleSet['unusedBalance'];
  categories: CategoryDraft[];
}

export function emptyCategory(): CategoryDraft {
  return {
    code: '',
    description: '',
    minAge: 60,
    economicStatuses: [],
    familyStatuses: [],
    livingArrangements: [],
    basicCareYuan: 0,
    livingServicesYuan: 0,
    freeExperienceServices: 0,
  };
}

/** A new version starts as a copy of the one in force (version and day left for the author). */
export function draftFrom(base: RuleSet): RuleSetDraft {
  return {
    version: '',
    effectiveFrom: '',
    unusedBalance: base.unusedBalance,
    categories: base.categories.map((c) => ({
      code: c.code,
      description: c.description ?? '',
      minAge: c.minAge ?? null,
      economicStatuses: [...(c.economicStatuses ?? [])],
      familyStatuses: [...(c.familyStatuses ?? [])],
      livingArrangements: [...(c.livingArrangements ?? [])],
      basicCareYuan: c.monthlyCreditFen['basic-care'] / 100,
      livingServicesYuan: c.monthlyCreditFen['living-services'] / 100,
      freeExperienceServices: c.freeExperienceServices,
    })),
  };
}

const toFen = (yuan: number): number => Math.round(yuan * 100);

/** The body residents expects: conditions left out when empty (an empty list would match nobody). */
export function toRuleSet(draft: RuleSetDraft): RuleSet {
  return {
    version: draft.version.trim(),
    effectiveFrom: draft.effectiveFrom,
    unusedBalance: draft.unusedBalance,
    categories: draft.categories.map((c) => {
      const category: EligibilityCategory = {
        code: c.code.trim(),
        monthlyCreditFen: {
          'basic-care': toFen(c.basicCareYuan),
          'living-services': toFen(c.livingServicesYuan),
        },
        freeExperienceServices: c.freeExperienceServices,
      };
      if (c.description.trim()) category.description = c.description.trim();
      if (c.minAge !== null) category.minAge = c.minAge;
      if (c.economicStatuses.length) category.economicStatuses = c.economicStatuses;
      if (c.familyStatuses.length) category.familyStatuses = c.familyStatuses;
      if (c.livingArrangements.length) category.livingArrangements = c.livingArrangements;
      return category;
    }),
  };
}

export interface Problem {
  key: string;
  values?: Record<string, unknown>;
}

/** What residents would refuse, found before sending (its 400 names the field too). */
export function draftProblems(draft: RuleSetDraft, today: string): Problem[] {
  const problems: Problem[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(draft.version.trim())) problems.push({ key: 'version' });
  if (!draft.effectiveFrom) problems.push({ key: 'effectiveFromRequired' });
  else if (draft.effectiveFrom < today) problems.push({ key: 'effectiveFromPast' });
  if (draft.categories.length < 1 || draft.categories.length > 20) problems.push({ key: 'categoryCount' });
  const seen = new Set<string>();
  draft.categories.forEach((c, i) => {
    const code = c.code.trim();
    if (!/^[a-z0-9-]{2,40}$/.test(code)) problems.push({ key: 'categoryCode', values: { n: i + 1 } });
    else if (seen.has(code)) problems.push({ key: 'categoryDuplicate', values: { code } });
    seen.add(code);
    if (c.description.length > 500) problems.push({ key: 'categoryDescription', values: { n: i + 1 } });
  });
  return problems;
}

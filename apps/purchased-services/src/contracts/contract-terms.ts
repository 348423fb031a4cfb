import { orgUnitCovers } from '#anlao/auth';
import type { PayloadOf, PriorityGroup, ServiceType } from '#anlao/events';
import { DomainError, type FieldProblem } from '#anlao/platform';
import { normalizeAreas } from '../providers/provider-facts.js';

export interface ContractService {
  serviceType: ServiceType;
  unitPriceFen: number;
}

/** What a contract says (one version of it). Money in fen. */
export interface ContractTerms {
  period: { from: string; to: string };
  budgetFen: number;
  services: ContractService[];
  areas: string[];
  targetGroups: { eligibilityCategories: string[]; priorityGroups: PriorityGroup[] };
  kpis: { onTimeShareTarget: number; ratingTarget: number };
}

/** The terms an amendment may change, in a fixed order (also the order of `changed`). */
export const TERM_KEYS = ['period', 'budgetFen', 'services', 'areas', 'targetGroups', 'kpis'] as const;
export type TermKey = (typeof TERM_KEYS)[number];

const unique = <T>(field: string, values: readonly T[], problems: FieldProblem[]) => {
  if (new Set(values).size !== values.length) problems.push({ field, message: `${field} must not repeat` });
};

/**
 * One normal form (services by type, lists sorted), refusing what the DTO cannot see alone:
 * a service type twice, a repeated target group, areas outside the buyer's unit or nested.
 */
export function normalizeTerms(buyerOrgUnit: string, t: ContractTerms): ContractTerms {
  const problems: FieldProblem[] = [];
  unique(
    'services',
    t.services.map((s) => s.serviceType),
    problems,
  );
  unique('targetGroups.eligibilityCategories', t.targetGroups.eligibilityCategories, problems);
  unique('targetGroups.priorityGroups', t.targetGroups.priorityGroups, problems);
  for (const area of t.areas)
    if (!orgUnitCovers(buyerOrgUnit, area))
      problems.push({ field: 'areas', message: `${area} is outside the buyer's unit ${buyerOrgUnit}` });
  if (problems.length > 0)
    throw new DomainError('invalid', 'request.invalid', 'the contract terms are inconsistent', problems);
  return {
    period: { from: t.period.from, to: t.period.to },
    budgetFen: t.budgetFen,
    services: [...t.services]
      .map((s) => ({ serviceType: s.serviceType, unitPriceFen: s.unitPriceFen }))
      .sort((a, b) => (a.serviceType < b.serviceType ? -1 : 1)),
    areas: normalizeAreas('areas', t.areas),
    targetGroups: {
      eligibilityCategories: [...t.targetGroups.eligibilityCategories].sort(),
      priorityGroups: [...t.targetGroups.priorityGroups].sort(),
    },
    kpis: { onTimeShareTarget: t.kpis.onTimeShareTarget, ratingTarget: t.kpis.ratingTarget },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The terms that differ between two versions (both in normal form). */
export function changedTerms(before: ContractTerms, after: ContractTerms): TermKey[] {
  return TERM_KEYS.filter((key) => !same(before[key], after[key]));
}

export function applyAmendment(before: ContractTerms, patch: Partial<ContractTerms>): ContractTerms {
  return {
    period: patch.period ?? before.period,
    budgetFen: patch.budgetFen ?? before.budgetFen,
    services: patch.services ?? before.services,
    areas: patch.areas ?? before.areas,
    targetGroups: patch.targetGroups ?? before.targetGroups,
    kpis: patch.kpis ?? before.kpis,
  };
}

/** A provider is contracted only where it works: every area lies inside one of its operating areas. */
export function assertProviderServes(areas: readonly string[], operatingAreas: readonly string[]): void {
  const outside = areas.filter((a) => !operatingAreas.some((o) => orgUnitCovers(o, a)));
  if (outside.length > 0)
    throw new DomainError(
      'conflict',
      'contract.area-not-served',
      `the provider does not work in ${outside.join(', ')}`,
    );
}

export function termsPayload(
  ids: { contractId: string; providerId: string; buyerOrgUnit: string; version: number },
  t: ContractTerms,
): PayloadOf<'contract.signed'> {
  return { ...ids, ...t };
}

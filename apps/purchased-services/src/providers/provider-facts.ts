import { orgUnitCovers } from '#anlao/auth';
import { DomainError, type FieldProblem } from '#anlao/platform';
import type { Provider, ProviderContact } from './provider.schema.js';

/** What staff say about a provider, in one normal form (areas sorted). */
export interface ProviderFacts {
  name: string;
  creditCode: string;
  registeredOrgUnit: string;
  operatingAreas: string[];
  contact: ProviderContact;
}

export type ProviderPatch = Partial<ProviderFacts>;

/**
 * A list of org-unit paths as one normal form: sorted, and refused when one repeats or lies
 * inside another (`2101.210102` and `2101.210102.210102001` say the same thing twice).
 */
export function normalizeAreas(field: string, areas: readonly string[]): string[] {
  const sorted = [...areas].sort();
  const problems: FieldProblem[] = [];
  sorted.forEach((area, i) => {
    const inside = sorted.find((other, j) => j !== i && orgUnitCovers(other, area));
    if (inside !== undefined) problems.push({ field, message: `${area} repeats or lies inside ${inside}` });
  });
  if (problems.length > 0)
    throw new DomainError('invalid', 'request.invalid', `${field} must not overlap`, problems);
  return sorted;
}

export function normalizeProvider(input: ProviderFacts): ProviderFacts {
  return {
    name: input.name,
    creditCode: input.creditCode,
    registeredOrgUnit: input.registeredOrgUnit,
    operatingAreas: normalizeAreas('operatingAreas', input.operatingAreas),
    contact: { name: input.contact.name, phone: input.contact.phone },
  };
}

export function factsOfProvider(p: Provider): ProviderFacts {
  return {
    name: p.name,
    creditCode: p.creditCode,
    registeredOrgUnit: p.registeredOrgUnit,
    operatingAreas: [...p.operatingAreas],
    contact: { name: p.contact.name, phone: p.contact.phone },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields of `after` that differ from `before`. */
export function changedProviderFacts(before: ProviderFacts, after: ProviderFacts): Partial<ProviderFacts> {
  const changed: Partial<ProviderFacts> = {};
  for (const key of Object.keys(after) as (keyof ProviderFacts)[]) {
    if (!same(before[key], after[key])) Object.assign(changed, { [key]: after[key] });
  }
  return changed;
}

/** Only the coded facts travel in events: a name, credit code or contact change publishes nothing. */
export function publishesChange(changed: Partial<ProviderFacts>): boolean {
  return changed.registeredOrgUnit !== undefined || changed.operatingAreas !== undefined;
}

export function applyProviderPatch(before: ProviderFacts, patch: ProviderPatch): ProviderFacts {
  return normalizeProvider({
    name: patch.name ?? before.name,
    creditCode: patch.creditCode ?? before.creditCode,
    registeredOrgUnit: patch.registeredOrgUnit ?? before.registeredOrgUnit,
    operatingAreas: patch.operatingAreas ?? before.operatingAreas,
    contact: patch.contact ?? before.contact,
  });
}

export function providerPayload(providerId: string, facts: ProviderFacts) {
  return {
    providerId,
    registeredOrgUnit: facts.registeredOrgUnit,
    operatingAreas: facts.operatingAreas,
  };
}

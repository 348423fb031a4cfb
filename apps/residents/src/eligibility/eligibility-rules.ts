import { z } from 'zod';
import { isCalendarDay, OPERATIONAL_DAYS } from '#anlao/platform';
import { isLeapYear, parseCalendarDate } from '../residents/national-id.js';
import {
  ECONOMIC_STATUSES,
  FAMILY_STATUSES,
  LIVING_ARRANGEMENTS,
  WALLET_PARTS,
  type EligibilityFacts,
  type WalletPart,
} from '../residents/resident.types.js';

// From 1900: the fallback rule set is in force since then; a published one must also start today or later.
const CalendarDateSchema = z
  .string()
  .refine((day) => isCalendarDay(day) && day >= '1900-01-01' && day <= OPERATIONAL_DAYS.to, {
    message: `must be a calendar date YYYY-MM-DD up to ${OPERATIONAL_DAYS.to}`,
  });
const FenSchema = z.number().int().min(0);

// Objects are strict: a misspelt condition (say `minage`) must fail loudly rather than
// silently widen a category to everyone.
export const CategorySchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9-]{2,40}$/, { message: '2-40 characters of a-z, 0-9, -' }),
  description: z.string().max(500).optional(),
  minAge: z.number().int().min(0).max(150).optional(),
  // An empty list would match nobody; a category without the condition is written without the key.
  economicStatuses: z.array(z.enum(ECONOMIC_STATUSES)).min(1).optional(),
  familyStatuses: z.array(z.enum(FAMILY_STATUSES)).min(1).optional(),
  livingArrangements: z.array(z.enum(LIVING_ARRANGEMENTS)).min(1).optional(),
  monthlyCreditFen: z.strictObject({ 'basic-care': FenSchema, 'living-services': FenSchema }),
  freeExperienceServices: z.number().int().min(0).default(0),
});

export const RuleSetSchema = z
  .strictObject({
    // Also a document id and a URL segment, hence the plain character set.
    version: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
        message: 'letters, digits, . _ - (starting with a letter or digit)',
      }),
    effectiveFrom: CalendarDateSchema,
    unusedBalance: z.enum(['expire', 'carry-over']),
    categories: z.array(CategorySchema).min(1).max(20),
  })
  .superRefine((ruleSet, ctx) => {
    const seen = new Set<string>();
    ruleSet.categories.forEach((category, index) => {
      if (seen.has(category.code)) {
        ctx.addIssue({
          code: 'custom',
          message: 'duplicate category code',
          path: ['categories', index, 'code'],
        });
      }
      seen.add(category.code);
    });
  });

export type EligibilityCategory = z.output<typeof CategorySchema>;
export type RuleSet = z.output<typeof RuleSetSchema>;
/** A rule set as published, before defaults are filled in. */
export type RuleSetInput = z.input<typeof RuleSetSchema>;

export interface EligibilityAssessment {
  categories: string[];
  ruleSetVersion: string;
  monthlyCreditFen: Record<WalletPart, number>;
  freeExperienceServices: number;
}

/** The Taiyuan residential model from the domain brief (seed 001). */
export function defaultRuleSet(effectiveFrom: string): RuleSet {
  return RuleSetSchema.parse({
    version: 'default-1',
    effectiveFrom,
    unusedBalance: 'carry-over',
    categories: [
      {
        code: 'aged-80-plus',
        description: 'Aged 80 or over: 100 yuan a month (40 basic care, 60 living services)',
        minAge: 80,
        monthlyCreditFen: { 'basic-care': 4000, 'living-services': 6000 },
      },
      {
        code: 'low-income',
        description: 'Aged 60 or over on dibao or in special hardship: 50 yuan a month',
        minAge: 60,
        economicStatuses: ['dibao', 'special-hardship'],
        monthlyCreditFen: { 'basic-care': 2000, 'living-services': 3000 },
      },
      {
        code: 'aged-60-ordinary',
        description: 'Aged 60 or over without financial difficulty: one free experience service',
        minAge: 60,
        economicStatuses: ['ordinary'],
        monthlyCreditFen: { 'basic-care': 0, 'living-services': 0 },
        freeExperienceServices: 1,
      },
    ],
  } satisfies RuleSetInput);
}

function dateParts(value: string, name: string): { year: number; month: number; day: number } {
  const parts = parseCalendarDate(value);
  if (!parts) throw new RangeError(`${name} must be a YYYY-MM-DD calendar date`);
  return parts;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The date in `year` on which someone born on `birthDate` has their birthday. A Feb 29
 * birthday falls on Mar 1 in other years: the person has not completed the year until
 * Feb 28 is over (the common reading for legal age, and the later of the two choices, so
 * no benefit starts early).
 */
function anniversary(birth: { month: number; day: number }, year: number): string {
  if (birth.month === 2 && birth.day === 29 && !isLeapYear(year)) return `${pad(year, 4)}-03-01`;
  return `${pad(year, 4)}-${pad(birth.month, 2)}-${pad(birth.day, 2)}`;
}

/**
 * Completed years on `date` (both 'YYYY-MM-DD'): 80 on the 80th birthday, 79 the day
 * before; Feb 29 births age on Mar 1 in non-leap years. Negative before birth.
 */
export function ageOn(birthDate: string, date: string): number {
  const birth = dateParts(birthDate, 'birthDate');
  const on = dateParts(date, 'date');
  const years = on.year - birth.year;
  return date < anniversary(birth, on.year) ? years - 1 : years;
}

/** The birth 'MM-DD' (so '02-29' for leap-day births; see `hasBirthdayOn` for when it is celebrated). */
export function birthdayMonthDay(birthDate: string): string {
  dateParts(birthDate, 'birthDate');
  return birthDate.slice(5);
}

/**
 * The birth 'MM-DD' values whose birthday falls on `date`: on Mar 1 of a non-leap year
 * that includes '02-29', which lets a daily job find everyone turning a year older.
 */
export function birthdayMonthDaysOn(date: string): string[] {
  const on = dateParts(date, 'date');
  const monthDay = date.slice(5);
  return monthDay === '03-01' && !isLeapYear(on.year) ? ['03-01', '02-29'] : [monthDay];
}

/** Whether `date` is one of the resident's birthdays (the day of birth itself is not). */
export function hasBirthdayOn(birthDate: string, date: string): boolean {
  const birth = dateParts(birthDate, 'birthDate');
  const on = dateParts(date, 'date');
  return date > birthDate && anniversary(birth, on.year) === date;
}

/**
 * The next date after `after` on which the resident reaches a `minAge` of the rule set,
 * or null when no such date is left.
 */
export function nextAgeBoundary(birthDate: string, ruleSet: RuleSet, after: string): string | null {
  const birth = dateParts(birthDate, 'birthDate');
  dateParts(after, 'after');
  let next: string | null = null;
  for (const category of ruleSet.categories) {
    if (category.minAge === undefined) continue;
    const boundary = anniversary(birth, birth.year + category.minAge);
    if (boundary > after && (next === null || boundary < next)) next = boundary;
  }
  return next;
}

/** The rule set in force on `date`: latest `effectiveFrom` on or before it, ties to the greatest version. */
export function activeRuleSet(ruleSets: readonly RuleSet[], date: string): RuleSet | null {
  dateParts(date, 'date');
  let active: RuleSet | null = null;
  for (const ruleSet of ruleSets) {
    if (ruleSet.effectiveFrom > date) continue;
    if (
      active === null ||
      ruleSet.effectiveFrom > active.effectiveFrom ||
      (ruleSet.effectiveFrom === active.effectiveFrom && ruleSet.version > active.version)
    ) {
      active = ruleSet;
    }
  }
  return active;
}

function matches(category: EligibilityCategory, facts: EligibilityFacts, age: number): boolean {
  return (
    (category.minAge === undefined || age >= category.minAge) &&
    (category.economicStatuses === undefined || category.economicStatuses.includes(facts.economicStatus)) &&
    (category.familyStatuses === undefined || category.familyStatuses.includes(facts.familyStatus)) &&
    (category.livingArrangements === undefined ||
      category.livingArrangements.includes(facts.livingArrangement))
  );
}

const totalFen = (category: EligibilityCategory) =>
  WALLET_PARTS.reduce((sum, part) => sum + category.monthlyCreditFen[part], 0);

/**
 * The categories a resident falls in on `date` (in rule-set order) and what they are owed.
 *
 * Categories do not add up: the benefits (monthly credit and free experience services)
 * come from the single best matching category, so an 80+ elder on dibao gets 100 yuan,
 * not 150. Best is the highest total monthly credit, then the most free experience
 * services (so a money-less label category listed first cannot cost a resident their
 * free service), then the earlier in rule-set order.
 */
export function assessEligibility(
  facts: EligibilityFacts,
  ruleSet: RuleSet,
  date: string,
): EligibilityAssessment {
  const age = ageOn(facts.birthDate, date);
  const matching = facts.alive && age >= 0 ? ruleSet.categories.filter((c) => matches(c, facts, age)) : [];
  let best: EligibilityCategory | undefined;
  for (const category of matching) {
    if (
      best === undefined ||
      totalFen(category) > totalFen(best) ||
      (totalFen(category) === totalFen(best) && category.freeExperienceServices > best.freeExperienceServices)
    ) {
      best = category;
    }
  }
  return {
    categories: matching.map((c) => c.code),
    ruleSetVersion: ruleSet.version,
    monthlyCreditFen: {
      'basic-care': best?.monthlyCreditFen['basic-care'] ?? 0,
      'living-services': best?.monthlyCreditFen['living-services'] ?? 0,
    },
    freeExperienceServices: best?.freeExperienceServices ?? 0,
  };
}

/** Shapes of the residents service's answers (apps/residents/README.md), as the dashboard reads them. */

export type WalletPart = 'basic-care' | 'living-services';
export const WALLET_PARTS: WalletPart[] = ['basic-care', 'living-services'];

export interface Eligibility {
  categories: string[];
  ruleSetVersion: string;
  assessedOn: string;
  eligibleSince: string | null;
  monthlyCreditFen: Record<WalletPart, number>;
  freeExperienceServices: number;
}

export type CardStatus = 'active' | 'suspended';

/** A resident as the API shows it to the caller: ID number (and anything else) masked as the role requires. */
export interface Resident {
  residentId: string;
  nationalId: string;
  nationalIdMasked: boolean;
  name: string;
  sex: string;
  birthDate: string;
  phone: string;
  address: string;
  communityCode: string;
  communityPath: string;
  hukou: string;
  livingArrangement: string;
  familyStatus: string;
  economicStatus: string;
  selfCare: string;
  disabilities: string[];
  chronicConditions: string[];
  status: 'active' | 'deceased';
  diedOn: string | null;
  eligibility: Eligibility;
  card: { number: string; status: CardStatus } | null;
}

export interface LedgerEntry {
  id: string;
  kind: 'credit' | 'expire' | 'debit' | 'free-experience';
  part: WalletPart;
  /** Signed fen. */
  amountFen: number;
  month?: string;
  orderId?: string;
  at: string;
}

export interface Wallet {
  residentId: string;
  balances: Record<WalletPart, number>;
  entries: LedgerEntry[];
}

/** A visit at a centre (centres service: `GET /residents/{id}/visits`). */
export interface Visit {
  visitId: string;
  residentId: string;
  centreId: string;
  day: string;
  activity: string;
  checkInAt: string;
  checkOutAt: string | null;
  status: 'open' | 'closed' | 'voided';
  voidReason: string | null;
}

export interface RuleSetCategory {
  code: string;
  description: string;
}
export interface RuleSet {
  version: string;
  effectiveFrom: string;
  categories: RuleSetCategory[];
}
export interface RuleSets {
  active: RuleSet | null;
  published: RuleSet[];
  fallback?: RuleSet | null;
}

/** Filters of `GET /residents` (the route query keeps them under the same names). */
export interface ResidentFilters {
  /** A unit path of any level; the API takes its last code. */
  unit: string;
  status: string;
  category: string;
  livingArrangement: string;
  familyStatus: string;
  economicStatus: string;
  ageBand: string;
}
export const FILTER_KEYS: (keyof ResidentFilters)[] = [
  'unit',
  'status',
  'category',
  'livingArrangement',
  'familyStatus',
  'economicStatus',
  'ageBand',
];

export const STATUSES = ['active', 'deceased'] as const;
export const LIVING_ARRANGEMENTS = ['alone', 'with-partner', 'with-children', 'other'] as const;
export const FAMILY_STATUSES = ['shidu', 'empty-nest', 'ordinary'] as const;
export const ECONOMIC_STATUSES = ['dibao', 'special-hardship', 'ordinary'] as const;
export const AGE_BANDS = ['60-69', '70-79', '80-89', '90+', '60+', '80+'] as const;

/** Coded facts about a resident, as the domain brief names them (../shared/domain.md). */
export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

export const HUKOU = ['urban', 'rural'] as const;
export type Hukou = (typeof HUKOU)[number];

export const LIVING_ARRANGEMENTS = ['alone', 'with-partner', 'with-children', 'other'] as const;
export type LivingArrangement = (typeof LIVING_ARRANGEMENTS)[number];

/** shidu: lost their only child (失独). */
export const FAMILY_STATUSES = ['shidu', 'empty-nest', 'ordinary'] as const;
export type FamilyStatus = (typeof FAMILY_STATUSES)[number];

/** dibao: minimum-living-guarantee (low income). */
export const ECONOMIC_STATUSES = ['dibao', 'special-hardship', 'ordinary'] as const;
export type EconomicStatus = (typeof ECONOMIC_STATUSES)[number];

export const SELF_CARE_LEVELS = ['independent', 'partly-dependent', 'dependent'] as const;
export type SelfCareLevel = (typeof SELF_CARE_LEVELS)[number];

/** What staff type in to register a resident (also one CSV row). */
export interface ResidentInput {
  nationalId: string;
  name: string;
  /** Must agree with the national ID; taken from it when absent. */
  sex?: Sex;
  /** YYYY-MM-DD; must agree with the national ID; taken from it when absent. */
  birthDate?: string;
  phone: string;
  address: string;
  /** Org-unit code of the community the resident lives in. */
  communityCode: string;
  hukou: Hukou;
  livingArrangement: LivingArrangement;
  familyStatus: FamilyStatus;
  economicStatus: EconomicStatus;
  selfCare: SelfCareLevel;
  /** Coded disabilities and chronic conditions (short lower-case codes). */
  disabilities?: string[];
  chronicConditions?: string[];
}

/** The facts eligibility rules read. */
export interface EligibilityFacts {
  birthDate: string; // YYYY-MM-DD
  economicStatus: EconomicStatus;
  familyStatus: FamilyStatus;
  livingArrangement: LivingArrangement;
  alive: boolean;
}

/** Money is integer fen (1 yuan = 100 fen), never floating point. */
export type Fen = number;

/** The two parts of a subsidy wallet (domain brief: 40 basic care + 60 living services of 100 yuan). */
export const WALLET_PARTS = ['basic-care', 'living-services'] as const;
export type WalletPart = (typeof WALLET_PARTS)[number];

/** Which wallet part pays for a service type; types absent here are not paid from a wallet. */
export const SERVICE_PART: Readonly<Record<string, WalletPart>> = {
  emergency: 'basic-care',
  medical: 'basic-care',
  meal: 'living-services',
  cleaning: 'living-services',
  bathing: 'living-services',
  shopping: 'living-services',
};

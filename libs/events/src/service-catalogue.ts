import { z } from 'zod';

/**
 * The one service catalogue (ADR 0023): every home service the city buys, the wallet part that
 * pays it and its service-level target. Here, next to the payloads, because the codes are the
 * vocabulary of events (`contract.signed`, `service.delivered`, `wallet.debited`) and every
 * service already depends on this library; a separate library would hold one file.
 */
export const ServiceType = z.enum([
  'emergency-assistance',
  'medical-assistance',
  'meal-assistance',
  'cleaning-assistance',
  'bathing-assistance',
  'walking-assistance',
  'psychological-counselling',
  'legal-aid',
  'physical-examination',
  'home-meal-preparation',
  'hygiene-cleaning',
  'goods-delivery-repair',
]);
export type ServiceType = z.infer<typeof ServiceType>;

export const WalletPartCode = z.enum(['basic-care', 'living-services']);
export type WalletPartCode = z.infer<typeof WalletPartCode>;

export interface ServiceTypeDefinition {
  /** The subsidy wallet part that pays it; null: not paid from a wallet (the contract or the elder pays). */
  walletPart: WalletPartCode | null;
  /** One of the "six helps" (emergency, medical, meal, cleaning, bathing, walking/shopping). */
  sixHelps: boolean;
  /** From request to a worker on site, unless the city overrides it (`SERVICE_SLA_MINUTES`). */
  defaultSlaMinutes: number;
}

const HOURS_48 = 48 * 60;

/**
 * The six helps are paid from the wallet part the residents service debited before the catalogue
 * existed (basic care: emergency, medical; living services: the rest). The other services are not
 * wallet-paid, as residents has always answered (`service-not-covered`): changing that is a policy
 * decision for the city, made here in one place when it comes.
 */
export const SERVICE_CATALOGUE: Readonly<Record<ServiceType, ServiceTypeDefinition>> = {
  'emergency-assistance': { walletPart: 'basic-care', sixHelps: true, defaultSlaMinutes: 30 },
  'medical-assistance': { walletPart: 'basic-care', sixHelps: true, defaultSlaMinutes: HOURS_48 },
  'meal-assistance': { walletPart: 'living-services', sixHelps: true, defaultSlaMinutes: HOURS_48 },
  'cleaning-assistance': { walletPart: 'living-services', sixHelps: true, defaultSlaMinutes: HOURS_48 },
  'bathing-assistance': { walletPart: 'living-services', sixHelps: true, defaultSlaMinutes: HOURS_48 },
  'walking-assistance': { walletPart: 'living-services', sixHelps: true, defaultSlaMinutes: HOURS_48 },
  'psychological-counselling': { walletPart: null, sixHelps: false, defaultSlaMinutes: HOURS_48 },
  'legal-aid': { walletPart: null, sixHelps: false, defaultSlaMinutes: HOURS_48 },
  'physical-examination': { walletPart: null, sixHelps: false, defaultSlaMinutes: HOURS_48 },
  'home-meal-preparation': { walletPart: null, sixHelps: false, defaultSlaMinutes: HOURS_48 },
  'hygiene-cleaning': { walletPart: null, sixHelps: false, defaultSlaMinutes: HOURS_48 },
  'goods-delivery-repair': { walletPart: null, sixHelps: false, defaultSlaMinutes: HOURS_48 },
};

/**
 * Codes used before the catalogue (residents debited `meal`, `medical`, … and tests publish
 * them): still understood when read, never written by a service that knows the catalogue.
 */
export const LEGACY_SERVICE_TYPES: Readonly<Record<string, ServiceType>> = {
  emergency: 'emergency-assistance',
  medical: 'medical-assistance',
  meal: 'meal-assistance',
  cleaning: 'cleaning-assistance',
  bathing: 'bathing-assistance',
  shopping: 'walking-assistance',
};

/** The catalogue code a (possibly legacy) code stands for; undefined for anything else. */
export function serviceTypeOf(code: string): ServiceType | undefined {
  // hasOwn: 'toString' or '__proto__' must not find something on a prototype.
  if (Object.hasOwn(SERVICE_CATALOGUE, code)) return code as ServiceType;
  return Object.hasOwn(LEGACY_SERVICE_TYPES, code) ? LEGACY_SERVICE_TYPES[code] : undefined;
}

/** The wallet part that pays a service type (legacy codes included); undefined: not wallet-paid. */
export function walletPartOf(code: string): WalletPartCode | undefined {
  const type = serviceTypeOf(code);
  return type === undefined ? undefined : (SERVICE_CATALOGUE[type].walletPart ?? undefined);
}

/** A city's SLA minutes for some types; bounds: one minute to 30 days. */
export type SlaOverrides = Partial<Record<ServiceType, number>>;
export const MAX_SLA_MINUTES = 30 * 24 * 60;

/**
 * Parses `code=minutes,code=minutes` (the `SERVICE_SLA_MINUTES` setting). Returns the
 * overrides, or the problems found (unknown code, repeated code, minutes not an integer in
 * 1..MAX_SLA_MINUTES) so the config check can name them all.
 */
export function parseSlaOverrides(text: string): { overrides: SlaOverrides } | { problems: string[] } {
  const overrides: SlaOverrides = {};
  const problems: string[] = [];
  for (const item of text.split(',').map((s) => s.trim())) {
    if (item === '') continue;
    const [code = '', minutes = '', ...rest] = item.split('=').map((s) => s.trim());
    const type = ServiceType.safeParse(code);
    const value = /^\d{1,6}$/.test(minutes) ? Number(minutes) : Number.NaN;
    if (!type.success) problems.push(`unknown service type "${code.slice(0, 40)}"`);
    else if (rest.length > 0 || !(value >= 1 && value <= MAX_SLA_MINUTES))
      problems.push(`${code}: minutes must be an integer from 1 to ${MAX_SLA_MINUTES}`);
    else if (overrides[type.data] !== undefined) problems.push(`${code} is given twice`);
    else overrides[type.data] = value;
  }
  return problems.length > 0 ? { problems } : { overrides };
}

/** The SLA that applies in this city: its override, else the catalogue's default. */
export function slaMinutesOf(type: ServiceType, overrides: SlaOverrides = {}): number {
  return overrides[type] ?? SERVICE_CATALOGUE[type].defaultSlaMinutes;
}

/**
 * Priority groups a contract may target, each a plain reading of a resident's coded facts
 * (`ResidentFacts`) or of the default eligibility categories, so an order can be checked
 * against the resident read model: `living-alone` (livingArrangement alone), `shidu` and
 * `empty-nest` (familyStatus), `aged-80-plus` (80 or over, as the default category),
 * `low-income` (economicStatus dibao or special-hardship, as the default category),
 * `rural-hukou` (hukou rural: rural migrants living in the city).
 */
export const PriorityGroup = z.enum([
  'living-alone',
  'shidu',
  'empty-nest',
  'aged-80-plus',
  'low-income',
  'rural-hukou',
]);
export type PriorityGroup = z.infer<typeof PriorityGroup>;

/** An eligibility category code as residents' rule sets name them. */
export const ELIGIBILITY_CATEGORY_CODE = /^[a-z0-9-]{2,40}$/;

/** The accessibility lane's collections (its own: no other lane writes them). */
export const AccessibilityCollections = {
  /** Counters: one per org unit, current state (supply, open orders). `_id` = unit path. */
  units: 'accessibility_units',
  /** Counters: one per org unit and month (`unit:YYYY-MM`): delivery and use. */
  months: 'accessibility_months',
  /** Counters: one per provider, all time (scorecard, budget). `_id` = provider id. */
  providers: 'accessibility_providers',
  /** Counters: one per provider and month (`providerId:YYYY-MM`). */
  providerMonths: 'accessibility_provider_months',
  // State documents: what each fact counted, so a redelivered event changes nothing.
  orders: 'accessibility_orders',
  centres: 'accessibility_centres',
  contracts: 'accessibility_contracts',
  workers: 'accessibility_workers',
  places: 'accessibility_provider_places',
  orgUnits: 'accessibility_org_units',
  residents: 'accessibility_residents',
  wallets: 'accessibility_wallet_months',
  clock: 'accessibility_clock',
} as const;

/** The overdue sweep's clock document (`accessibility_clock`). */
export const CLOCK_ID = 'overdue-sweep';

export const parentOf = (path: string): string | null =>
  path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null;

/** A provider id as a field name: ids are `[A-Za-z0-9-]` in practice; anything else is escaped (no `.` or `$`). */
export const providerKey = (providerId: string): string =>
  encodeURIComponent(providerId).replace(/\./g, '%2E');

export const providerOfKey = (key: string): string => decodeURIComponent(key);

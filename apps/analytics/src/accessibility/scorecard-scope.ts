import { unitsOf } from '../coverage/resident-month.js';
import { providerOfKey } from './accessibility-collections.js';
import type { ProviderScopeFields } from './accessibility.repository.js';

/**
 * The providers whose scorecards staff of `unit` see, as purchased-services lets them see providers:
 * those registered or operating at the unit or below it (`providers.*` of the unit's own counter
 * document), and those operating in an area that covers the unit (`providersAreaAt.*` of the unit
 * and of every unit above it). Sorted by id.
 */
export function visibleProviders(unit: string, docs: ReadonlyMap<string, ProviderScopeFields>): string[] {
  const ids = new Set<string>();
  const take = (fields: Record<string, number> | undefined) => {
    for (const [key, n] of Object.entries(fields ?? {})) if (n > 0) ids.add(providerOfKey(key));
  };
  take(docs.get(unit)?.providers);
  for (const path of unitsOf(unit)) take(docs.get(path)?.providersAreaAt);
  return [...ids].sort();
}

import { assertMayWriteIn, type Principal } from '#anlao/auth';
import type { Provider } from './provider.schema.js';
import { assertSeesPlaced, type Placed } from '../shared/visibility.js';

export const placedProvider = (p: Provider): Placed => ({
  ownerUnit: p.registeredOrgUnit,
  areas: p.operatingAreas,
  providerId: p._id,
});

export const PROVIDER_FIELDS = {
  ownerUnit: 'registeredOrgUnit',
  areas: 'operatingAreas',
  providerId: '_id',
} as const;

/** The provider as the caller may see it; unknown and out of scope alike are 404. */
export function visibleProvider(
  principal: Principal,
  provider: Provider | null,
  providerId: string,
): Provider {
  return assertSeesPlaced(principal, provider, placedProvider, {
    code: 'provider.not-found',
    detail: `no provider ${providerId}`,
  });
}

/** Staff who register or change a provider must be able to write where it is registered and works. */
export function assertMayPlaceProvider(
  principal: Principal,
  facts: { registeredOrgUnit: string; operatingAreas: readonly string[] },
): void {
  assertMayWriteIn(principal, facts.registeredOrgUnit);
  for (const area of facts.operatingAreas) assertMayWriteIn(principal, area);
}

import { orgUnitCovers } from '#anlao/auth';
import type { ServiceType } from '#anlao/events';
import type { ContractSummary } from '../contracts/contract.repository.js';
import { budgetLeftFen } from '../contracts/contract-budget.js';

export interface DispatchChoice {
  contractId: string;
  providerId: string;
  priceFen: number;
}

/**
 * The dispatch rule (ADR 0025): among the contracts that are active, in their period today,
 * buy this service type, serve the resident's community and have at least its unit price left,
 * take the one with the fewest open orders (spreads the work), then the lowest contract id (a
 * stable tie-break, so the same facts always choose the same contract). Null: none can take it.
 */
export function chooseContract(
  contracts: readonly ContractSummary[],
  order: { serviceType: ServiceType; communityPath: string; today: string },
  openOrders: ReadonlyMap<string, number>,
  excluded: ReadonlySet<string> = new Set(),
): DispatchChoice | null {
  const candidates = contracts.flatMap((c) => {
    const price = c.services.find((s) => s.serviceType === order.serviceType)?.unitPriceFen;
    const eligible =
      price !== undefined &&
      !excluded.has(c._id) &&
      c.status === 'active' &&
      c.period.from <= order.today &&
      order.today <= c.period.to &&
      c.areas.some((area) => orgUnitCovers(area, order.communityPath)) &&
      budgetLeftFen(c) >= price;
    return eligible
      ? [{ contractId: c._id, providerId: c.providerId, priceFen: price, open: openOrders.get(c._id) ?? 0 }]
      : [];
  });
  candidates.sort(
    (a, b) => a.open - b.open || (a.contractId < b.contractId ? -1 : a.contractId > b.contractId ? 1 : 0),
  );
  const best = candidates[0];
  return best ? { contractId: best.contractId, providerId: best.providerId, priceFen: best.priceFen } : null;
}

/**
 * How many orders each contract has open: its reservations (made at dispatch, released on decline,
 * failure or cancellation, consumed on delivery) are exactly its dispatched, accepted and scheduled
 * orders. Read from the contracts already in hand, so dispatch never counts over the orders.
 */
export function openOrdersOf(contracts: readonly ContractSummary[]): Map<string, number> {
  return new Map(contracts.map((c) => [c._id, Object.keys(c.reservations).length]));
}

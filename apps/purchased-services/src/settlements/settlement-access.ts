import type { Principal } from '#anlao/auth';
import { assertSeesPlaced, placedFilter, type Placed } from '../shared/visibility.js';
import type { SettlementView } from './settlement.dto.js';
import type { Settlement } from './settlement.schema.js';

/**
 * A statement is seen by whoever sees its contract (ADR 0023's rule on the copy of the
 * contract's parties and areas it holds): staff by unit, an organisation only its own.
 */
export const SETTLEMENT_FIELDS = {
  ownerUnit: 'buyerOrgUnit',
  areas: 'areas',
  providerId: 'providerId',
} as const;

const placed = (s: Settlement): Placed => ({
  ownerUnit: s.buyerOrgUnit,
  areas: s.areas,
  providerId: s.providerId,
});

/** Out of scope answers 404 exactly like an unknown statement. */
export function visibleSettlement(
  principal: Principal,
  settlement: Settlement | null,
  id: string,
): Settlement {
  return assertSeesPlaced(principal, settlement, placed, {
    code: 'settlement.not-found',
    detail: `no statement ${id}`,
  });
}

export function settlementScopeFilter(principal: Principal): Record<string, unknown> {
  return placedFilter(principal, SETTLEMENT_FIELDS);
}

export function settlementView(s: Settlement): SettlementView {
  return {
    settlementId: s._id,
    contractId: s.contractId,
    providerId: s.providerId,
    buyerOrgUnit: s.buyerOrgUnit,
    areas: s.areas,
    month: s.month,
    figures: s.figures,
    budget: s.budget,
    contentHash: s.contentHash,
    generatedAt: new Date(s.generatedAt).toISOString(),
    generatedBy: s.generatedBy,
    revision: s.revision,
  };
}

import { getJson } from '../../api/http';

/** Money per wallet part, integer fen. */
export interface WalletParts {
  basicCare: number;
  livingServices: number;
}

/** The parts of `GET /api/analytics/accessibility` the overview reads (delivery and use of one unit). */
export interface AccessibilityUnit {
  path: string;
  name: string;
  delivery: {
    requested: number;
    delivered: number;
    /** Orders that fell due in the month and missed the service's start SLA. */
    overdue: number;
    openNow: number;
    unassignedNow: number;
    /** Open orders past their due time right now. */
    overdueNow: number;
  };
  use: {
    creditedFen: WalletParts;
    spentFen: WalletParts;
    freeExperienceFen: number;
    expiredFen: number;
    copaymentFen: number;
    paidOrders: number;
  };
}

export interface AccessibilityAnswer {
  unit: AccessibilityUnit;
  month: string;
}

export function fetchAccessibility(unit: string, month: string): Promise<AccessibilityAnswer> {
  return getJson<AccessibilityAnswer>('/api/analytics/accessibility', { unit, month });
}

/** The head of `GET /api/analytics/at-risk` (one community, judged today). */
export interface AtRiskHead {
  community: string;
  days: number;
  today: string;
  total: number;
}

/**
 * How many elders of a community are at risk today. The API only lists a community (and audits each
 * read as a personal listing); one row is asked for, only its `total` is shown.
 */
export async function fetchAtRiskTotal(community: string): Promise<AtRiskHead> {
  const page = await getJson<AtRiskHead>('/api/analytics/at-risk', { community, limit: 1 });
  return { community: page.community, days: page.days, today: page.today, total: page.total };
}

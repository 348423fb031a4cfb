import { getJson, sendJson, type Page } from '../../api/http';

const BASE = '/api/purchased-services';
const seg = (id: string) => encodeURIComponent(id);

export interface ServiceType {
  code: string;
  walletPart: 'basic-care' | 'living-services' | null;
  sixHelps: boolean;
  /** The city's service-level target: from request to a worker on site. */
  slaMinutes: number;
}

export const ORDER_STATES = [
  'requested',
  'dispatched',
  'accepted',
  'declined',
  'scheduled',
  'delivered',
  'failed',
  'cancelled',
  'paid',
  'payment-rejected',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const OPEN_STATES: readonly OrderState[] = [
  'requested',
  'dispatched',
  'accepted',
  'declined',
  'scheduled',
];
/** Delivered, whether or not the wallet has answered: the elder may rate it (once). */
export const DELIVERED_STATES: readonly OrderState[] = ['delivered', 'paid', 'payment-rejected'];
export const CANCEL_REASONS = [
  'elder-withdrew',
  'duplicate',
  'elder-hospitalised',
  'elder-deceased',
  'other',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** An order as `GET /orders/{id}` shows it (ids and codes; the note and complaint are the only words). */
export interface Order {
  orderId: string;
  residentId: string;
  communityPath: string;
  serviceType: string;
  state: OrderState;
  note: string | null;
  requestedAt: string;
  contractId: string | null;
  providerId: string | null;
  priceFen: number | null;
  unassigned: boolean;
  scheduledFor: string | null;
  workerId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  reason: string | null;
  rating: number | null;
  complaint: string | null;
  paymentPart: 'basic-care' | 'living-services' | null;
  subsidyFen: number | null;
  copaymentFen: number | null;
  freeExperience: boolean;
  targetMinutes: number;
  minutesToStart: number | null;
  overdue: boolean;
  late: boolean;
  /** Every step in order with its event's time; empty for orders stored before steps were kept. */
  history: { event: string; at: string }[];
  revision: number;
}

export interface OrderFilter {
  status?: string;
  unassigned?: boolean;
  overdue?: boolean;
}

export interface Provider {
  providerId: string;
  name: string;
  registeredOrgUnit: string;
  operatingAreas: string[];
}

export interface Contract {
  contractId: string;
  providerId: string;
  buyerOrgUnit: string;
  version: number;
  period: { from: string; to: string };
  budgetFen: number;
  services: { serviceType: string; unitPriceFen: number }[];
  areas: string[];
  status: 'active' | 'closed';
  committedFen: number;
  spentFen: number;
  leftFen: number;
  closedAt: string | null;
  closeReason: string | null;
}

export interface ScorecardFigures {
  dispatched: number;
  declined: number;
  declineRate: number | null;
  delivered: number;
  onTime: number;
  onTimeShare: number | null;
  failed: number;
  rated: number;
  meanRating: number | null;
  complaints: number;
  deliveredFen: number;
  costPerDeliveryFen: number | null;
}

export interface Scorecard {
  providerId: string;
  month: ScorecardFigures;
  overall: ScorecardFigures & {
    contracts: number;
    activeContracts: number;
    budgetFen: number;
    spentFen: number;
    budgetUsed: number | null;
  };
}

export interface Scorecards {
  month: string;
  providers: Scorecard[];
}

export interface Settlement {
  settlementId: string;
  contractId: string;
  providerId: string;
  buyerOrgUnit: string;
  areas: string[];
  month: string;
  figures: {
    deliveredCount: number;
    amountFen: number;
    byServiceType: { serviceType: string; unitPriceFen: number; count: number; amountFen: number }[];
    subsidyFen: number;
    copaymentFen: number;
    paidCount: number;
    paymentsPending: number;
    paymentsRejected: number;
    freeExperienceCount: number;
    onTimeCount: number;
    onTimeShare: number | null;
    ratedCount: number;
    meanRating: number | null;
    complaints: number;
  };
  budget: { budgetFen: number; spentFen: number; committedFen: number; leftFen: number };
  generatedAt: string;
  revision: number;
}

let serviceTypes: Promise<ServiceType[]> | null = null;
/** The catalogue with this city's SLA, read once per page load. */
export function fetchServiceTypes(): Promise<ServiceType[]> {
  serviceTypes ??= getJson<{ items: ServiceType[] }>(`${BASE}/service-types`)
    .then((r) => r.items)
    .catch((e: unknown) => {
      serviceTypes = null;
      throw e;
    });
  return serviceTypes;
}

export function fetchOrders(filter: OrderFilter, after: string | undefined): Promise<Page<Order>> {
  return getJson<Page<Order>>(`${BASE}/orders`, { ...filter, after, limit: 50 });
}

export function fetchOrder(orderId: string): Promise<Order> {
  return getJson<Order>(`${BASE}/orders/${seg(orderId)}`);
}

/** Takes a hotline order; the same key and body answer the first order (a double click, a retry). */
export function createOrder(
  body: ({ cardNumber: string } | { residentId: string }) & { serviceType: string; note?: string },
  idempotencyKey: string,
): Promise<Order> {
  return sendJson<Order>('POST', `${BASE}/orders`, body, { 'Idempotency-Key': idempotencyKey });
}

export function dispatchOrder(orderId: string): Promise<Order> {
  return sendJson<Order>('POST', `${BASE}/orders/${seg(orderId)}/dispatch`, {});
}

export function cancelOrder(orderId: string, reason: CancelReason): Promise<Order> {
  return sendJson<Order>('POST', `${BASE}/orders/${seg(orderId)}/cancel`, { reason });
}

export function rateOrder(orderId: string, rating: number, complaint: string | undefined): Promise<Order> {
  return sendJson<Order>('POST', `${BASE}/orders/${seg(orderId)}/rate`, { rating, complaint });
}

let providers: Promise<Provider[]> | null = null;
/** Every provider the account may see (names for the tables), read once per page load, page by page. */
export function fetchProviders(): Promise<Provider[]> {
  providers ??= (async () => {
    const all: Provider[] = [];
    let after: string | undefined;
    do {
      const page = await getJson<Page<Provider>>(`${BASE}/providers`, { after, limit: 200 });
      all.push(...page.items);
      after = page.next ?? undefined;
    } while (after);
    return all;
  })().catch((e: unknown) => {
    providers = null;
    throw e;
  });
  return providers;
}

export function fetchContracts(
  filter: { status?: string; provider?: string; serviceType?: string },
  after: string | undefined,
): Promise<Page<Contract>> {
  return getJson<Page<Contract>>(`${BASE}/contracts`, { ...filter, after, limit: 50 });
}

export function fetchScorecards(month: string): Promise<Scorecards> {
  return getJson<Scorecards>('/api/analytics/scorecards', { month });
}
export const SCORECARDS_EXPORT = '/api/analytics/scorecards/export';

export function fetchSettlements(
  filter: { month?: string; contractId?: string },
  after: string | undefined,
): Promise<Page<Settlement>> {
  return getJson<Page<Settlement>>(`${BASE}/settlements`, { ...filter, after, limit: 50 });
}

export function fetchSettlement(settlementId: string): Promise<Settlement> {
  return getJson<Settlement>(`${BASE}/settlements/${seg(settlementId)}`);
}

/** Without its extension: `.csv` or `.xlsx` is added by the export buttons. */
export function settlementExportPath(settlementId: string): string {
  return `${BASE}/settlements/${seg(settlementId)}/export`;
}

/**
 * The demo city's hotline orders (issue [7/11]): orders in every state — delivered (paid through
 * the wallets), rated, declined, cancelled, waiting for a contract — then this month's
 * statements. Loading it again changes nothing: Idempotency-Keys are fixed, and a step an order
 * has passed already answers 409, which is accepted here. Orders go in two lanes, one per
 * district (each district's orders draw on its own contract), a few at a time in each.
 */
import { call, inParallel, jobCounts, ok, retrying } from './demo-http.js';
import type { Step } from './demo-progress.js';
import { CARDS, eldersOver80, lastImportedFirst } from './demo-residents.js';
import { PROVIDERS, PS } from './demo-services.js';

/** What becomes of a demo order, by its number: most are delivered, some go other ways. */
type Fate = 'delivered' | 'rated' | 'scheduled' | 'accepted' | 'declined' | 'cancelled';
const FATES: readonly Fate[] = [
  'rated',
  'delivered',
  'rated',
  'scheduled',
  'rated',
  'accepted',
  'declined',
  'rated',
  'cancelled',
  'delivered',
];

interface DemoOrder {
  orderId: string;
  requestedAt: string;
  state: string;
  providerId: string | null;
  unassigned: boolean;
}

/**
 * Orders of one district in flight at once: they share its contract's budget document, which
 * takes a few writers at a time (each of its writes is retried on a conflict), not dozens.
 */
const ORDERS_PER_DISTRICT = 3;

/** The provider's steps up to the order's fate; a step it has passed already (a second load) is a 409. */
async function follow(
  order: DemoOrder,
  fate: Fate,
  provider: string,
  hotline: string,
  n: number,
  credited: Promise<unknown>,
) {
  const step = (path: string, token: string, body: object = {}) =>
    ok(call('POST', `${PS}/orders/${order.orderId}/${path}`, token, body), `${path} ${order.orderId}`, [409]);
  if (fate === 'cancelled') return step('cancel', hotline, { reason: 'elder-withdrew' });
  if (fate === 'declined') return step('decline', provider, { reason: 'no-capacity' });
  await step('accept', provider);
  if (fate === 'accepted') return;
  const scheduledFor = new Date(Date.now() + 3_600_000).toISOString();
  await step('schedule', provider, { scheduledFor });
  if (fate === 'scheduled') return;
  // Paid through the wallet: delivered once this month's credit run has credited it.
  await credited;
  // The API takes an order at the moment of the call and refuses a delivery ending in the future,
  // so a demo order loaded now is delivered within seconds of its request (a live city's take hours).
  const since = Date.now() - Date.parse(order.requestedAt);
  if (since < 1000) await new Promise((resolve) => setTimeout(resolve, 1000 - since));
  await step('deliver', provider, {
    workerId: 'w-1-a',
    startedAt: order.requestedAt,
    endedAt: new Date().toISOString(),
  });
  if (fate === 'rated')
    await step('rate', hotline, { rating: 3 + (n % 3), ...(n % 7 === 0 ? { complaint: '来晚了' } : {}) });
}

export interface PlannedOrder {
  n: number;
  residentId: string;
  phone: string;
  district: string;
  serviceType: string;
}

/** Demo orders: one each for the first 30 card holders among the elders over 80. */
const ORDERS = 30;

/**
 * The orders' service types, drawn from the city's random sequence right after the residents
 * (one per order, whoever it turns out to be for: the city has well over 30 elders over 80).
 */
export function drawServiceTypes(random: () => number): string[] {
  const kinds = [
    'meal-assistance',
    'meal-assistance',
    'cleaning-assistance',
    'bathing-assistance',
    'walking-assistance',
    'legal-aid',
  ];
  return Array.from({ length: ORDERS }, () => kinds[Math.floor(random() * kinds.length)] as string);
}

/**
 * Who orders: the first 30 elders over 80 (by id) holding a card — the first 40 are given one
 * (demo-residents.ts), so known as soon as the residents are in, without waiting for the cards.
 */
export async function planOrders(admin: string, serviceTypes: string[]): Promise<PlannedOrder[]> {
  const elders = (await eldersOver80(admin)).filter((r, i) => i < CARDS || r.card).slice(0, ORDERS);
  return elders.map((r, n) => ({
    n,
    residentId: r.residentId,
    phone: r.phone,
    district: r.communityPath.split('.').slice(0, 2).join('.'),
    serviceType: serviceTypes[n] as string,
  }));
}

/** The planned orders, by district, and their fates; then this month's statements. */
export async function demoOrders(
  admin: string,
  hotline: string,
  tokens: Map<string, string>,
  planned: PlannedOrder[],
  credited: Promise<unknown>,
  step: Step,
): Promise<{ summary: string; waits: number }> {
  const outcome: string[] = [];
  const waits = { count: 0 };
  const districts = [...new Set(planned.map((o) => o.district))];
  // Purchased services judge the resident from their read model: retryable until it has them.
  const create = ({ n, residentId, serviceType }: PlannedOrder) =>
    retrying<DemoOrder>(
      `order ${n}`,
      () =>
        call(
          'POST',
          `${PS}/orders`,
          hotline,
          { residentId, serviceType },
          { 'Idempotency-Key': `demo-order-${n}` },
        ),
      { waits },
    );
  const place = async (planned: PlannedOrder) => {
    const { n } = planned;
    const order = await create(planned);
    const token = order.providerId ? tokens.get(order.providerId) : undefined;
    const fate = FATES[n % FATES.length] as Fate;
    if (token) await follow(order, fate, token, hotline, n, credited);
    outcome[n] = token ? fate : 'unassigned';
  };
  // First the order of the elder imported last, alone: purchased services' read model learns
  // residents in import order, so once it knows this one it knows all (its Idempotency-Key makes
  // the second request for it answer the same order). Then all, by district. (Sending them all
  // at once, each asking again until its elder is known, costs the busy machine more than it saves.)
  const [probe] = lastImportedFirst(planned);
  if (probe)
    await step(
      `probe: order ${probe.n}, of the elder imported last`,
      () => create(probe),
      () => (waits.count > 0 ? `sent again ${waits.count} times until purchased services knew them` : ''),
    );
  await step(`${planned.length} orders and their steps, by district`, () =>
    Promise.all(
      districts.map((district) =>
        inParallel(
          planned.filter((o) => o.district === district),
          ORDERS_PER_DISTRICT,
          place,
        ),
      ),
    ),
  );
  // This month's statements (provisional: payments still landing are counted as pending).
  const settled = await step('statements', () =>
    jobCounts(
      // The month as the city counts it (Asia/Shanghai, UTC+8, no daylight saving).
      call('POST', `${PS}/settlements/jobs`, admin, {
        month: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7),
      }),
      `${PS}/settlements/jobs`,
      admin,
      'settlements',
    ),
  );
  // Counted in the orders' own order, whichever ended first.
  const tally: Record<string, number> = {};
  for (const key of outcome) tally[key] = (tally[key] ?? 0) + 1;
  const orderTally = Object.entries(tally)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const statements = (settled.created ?? 0) + (settled.replaced ?? 0) + (settled.unchanged ?? 0);
  return {
    summary: `${PROVIDERS.length} providers with contracts, orders: ${orderTally}; ${statements} monthly statements`,
    waits: waits.count,
  };
}

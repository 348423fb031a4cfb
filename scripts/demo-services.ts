/**
 * The demo city's purchased services (issue [7/11]), loaded through the public APIs like the
 * rest of the demo: two social organisations with their staff, the districts' contracts, each
 * organisation's API client, and hotline orders in every state — delivered (paid through the
 * wallets), rated, declined, cancelled, waiting for a contract — then this month's statements.
 * Loading it again changes nothing: ids and Idempotency-Keys are fixed, and a step an order has
 * passed already answers 409, which is accepted here.
 */
import { call, jobCounts, ok } from './demo-http.js';

const PS = '/api/purchased-services';

const PROVIDERS = [
  {
    id: 'p-heping-yikang',
    details: {
      name: '和平区颐康社会工作服务中心',
      creditCode: '52210102MJ0000001Y',
      registeredOrgUnit: '2101.210102',
      operatingAreas: ['2101.210102.210102001', '2101.210102.210102002', '2101.210102.210102003'],
      contact: { name: '李红', phone: '024-23456789' },
    },
    services: [
      { serviceType: 'meal-assistance', unitPriceFen: 1500 },
      { serviceType: 'cleaning-assistance', unitPriceFen: 4000 },
      { serviceType: 'bathing-assistance', unitPriceFen: 5000 },
      { serviceType: 'emergency-assistance', unitPriceFen: 8000 },
    ],
    contract: 'k-heping-2026',
  },
  {
    id: 'p-shenhe-anle',
    details: {
      name: '沈河区安乐居家养老服务中心',
      creditCode: '53210103MJ0000003G',
      registeredOrgUnit: '2101.210103',
      operatingAreas: ['2101.210103.210103001', '2101.210103.210103002'],
      contact: { name: '赵敏', phone: '024-24567890' },
    },
    services: [
      { serviceType: 'meal-assistance', unitPriceFen: 1600 },
      { serviceType: 'cleaning-assistance', unitPriceFen: 3800 },
      { serviceType: 'walking-assistance', unitPriceFen: 3000 },
    ],
    contract: 'k-shenhe-2026',
  },
] as const;

const WORKER_NAMES = ['王芳', '刘洋', '陈静', '张伟', '杨丽', '周磊'];
const LICENCES = ['social-worker', 'assistant-social-worker', 'none'] as const;

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

async function providers(admin: string, year: number): Promise<void> {
  for (const p of PROVIDERS) {
    await ok(call('PUT', `${PS}/providers/${p.id}`, admin, p.details), `provider ${p.id}`, [409]);
    for (const [i, street] of p.details.operatingAreas.entries()) {
      for (const role of ['contact-person', 'worker'] as const) {
        const workerId = `w-${i + 1}-${role === 'worker' ? 'a' : 'c'}`;
        await ok(
          call('PUT', `${PS}/providers/${p.id}/workers/${workerId}`, admin, {
            name: WORKER_NAMES[(i * 2 + (role === 'worker' ? 1 : 0)) % WORKER_NAMES.length],
            role,
            licence: role === 'contact-person' ? LICENCES[i % 2] : LICENCES[2],
            streetPath: street,
            active: true,
          }),
          `worker ${workerId} of ${p.id}`,
        );
      }
    }
    await ok(
      call('PUT', `${PS}/contracts/${p.contract}`, admin, {
        providerId: p.id,
        buyerOrgUnit: p.details.registeredOrgUnit,
        period: { from: `${year}-01-01`, to: `${year}-12-31` },
        budgetFen: 2_000_000,
        services: p.services,
        areas: p.details.operatingAreas,
        targetGroups: { eligibilityCategories: [], priorityGroups: [] },
        kpis: { onTimeShareTarget: 0.9, ratingTarget: 4.5 },
      }),
      `contract ${p.contract}`,
      [409],
    );
  }
}

/** Each organisation's API client: a fresh secret each run (rotating the one it has, if any). */
async function providerTokens(admin: string): Promise<Map<string, string>> {
  type Client = { clientId: string; organisationId: string | null; status: string };
  const listed = await ok<{ items: Client[] }>(call('GET', '/admin/api-clients?limit=500', admin), 'clients');
  const tokens = new Map<string, string>();
  for (const p of PROVIDERS) {
    const existing = listed.items.find((c) => c.organisationId === p.id && c.status === 'active');
    const credentials = await ok<{ clientId: string; clientSecret: string }>(
      existing
        ? call('POST', `/admin/api-clients/${existing.clientId}/rotate`, admin)
        : call('POST', '/admin/api-clients', admin, {
            kind: 'organisation',
            organisationId: p.id,
            orgUnit: p.details.registeredOrgUnit,
          }),
      `client of ${p.id}`,
    );
    const token = await ok<{ accessToken: string }>(call('POST', '/auth/token', null, credentials), `token`);
    tokens.set(p.id, token.accessToken);
  }
  return tokens;
}

/** The provider's steps up to the order's fate; a step it has passed already (a second load) is a 409. */
async function follow(order: DemoOrder, fate: Fate, provider: string, hotline: string, n: number) {
  const step = (path: string, token: string, body: object = {}) =>
    ok(call('POST', `${PS}/orders/${order.orderId}/${path}`, token, body), `${path} ${order.orderId}`, [409]);
  if (fate === 'cancelled') return step('cancel', hotline, { reason: 'elder-withdrew' });
  if (fate === 'declined') return step('decline', provider, { reason: 'no-capacity' });
  await step('accept', provider);
  if (fate === 'accepted') return;
  const scheduledFor = new Date(Date.now() + 3_600_000).toISOString();
  await step('schedule', provider, { scheduledFor });
  if (fate === 'scheduled') return;
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

/** Residents with a card (the demo gives 80+ elders cards), a few orders each. */
async function orders(admin: string, hotline: string, tokens: Map<string, string>, random: () => number) {
  const carded = await ok<{ items: { residentId: string; card: unknown }[] }>(
    call('GET', '/api/residents/residents?category=aged-80-plus&limit=200', admin),
    'residents with cards',
  );
  const elders = carded.items
    .filter((r) => r.card)
    .map((r) => r.residentId)
    .slice(0, 30);
  const kinds = [
    'meal-assistance',
    'meal-assistance',
    'cleaning-assistance',
    'bathing-assistance',
    'walking-assistance',
    'legal-aid',
  ];
  const tally: Record<string, number> = {};
  for (const [n, residentId] of elders.entries()) {
    const serviceType = kinds[Math.floor(random() * kinds.length)] as string;
    const order = await ok<DemoOrder>(
      call(
        'POST',
        `${PS}/orders`,
        hotline,
        { residentId, serviceType },
        { 'Idempotency-Key': `demo-order-${n}` },
      ),
      `order ${n}`,
    );
    const token = order.providerId ? tokens.get(order.providerId) : undefined;
    const fate = FATES[n % FATES.length] as Fate;
    if (token) await follow(order, fate, token, hotline, n);
    const key = token ? fate : 'unassigned';
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}

export async function demoPurchasedServices(
  admin: string,
  hotline: string,
  random: () => number,
): Promise<{ summary: string; tokens: Map<string, string> }> {
  const now = new Date();
  await providers(admin, now.getUTCFullYear());
  const tokens = await providerTokens(admin);
  const tally = await orders(admin, hotline, tokens, random);
  // This month's statements (provisional: payments still landing are counted as pending).
  const settled = await jobCounts(
    // The month as the city counts it (Asia/Shanghai, UTC+8, no daylight saving).
    call('POST', `${PS}/settlements/jobs`, admin, {
      month: new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7),
    }),
    `${PS}/settlements/jobs`,
    admin,
    'settlements',
  );
  const orderTally = Object.entries(tally)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const statements = (settled.created ?? 0) + (settled.replaced ?? 0) + (settled.unchanged ?? 0);
  return {
    summary: `${PROVIDERS.length} providers with contracts, orders: ${orderTally}; ${statements} monthly statements`,
    tokens,
  };
}

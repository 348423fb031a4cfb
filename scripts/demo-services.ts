/**
 * The demo city's purchased services (issue [7/11]), loaded through the public APIs like the
 * rest of the demo: two social organisations with their staff, the districts' contracts, each
 * organisation's API client, and hotline orders in every state — delivered (paid through the
 * wallets), rated, declined, cancelled, waiting for a contract — then this month's statements.
 * The orders are in demo-orders.ts. Loading it again changes nothing: ids are fixed.
 */
import { clientToken, type ApiClient } from './demo-clients.js';
import { call, ok } from './demo-http.js';
import type { Step } from './demo-progress.js';

export const PS = '/api/purchased-services';

export const PROVIDERS = [
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

/** A provider, its workers and its contract (workers and contract side by side). */
async function provider(admin: string, p: (typeof PROVIDERS)[number], year: number): Promise<void> {
  await ok(call('PUT', `${PS}/providers/${p.id}`, admin, p.details), `provider ${p.id}`, [409]);
  const workers = p.details.operatingAreas.flatMap((street, i) =>
    (['contact-person', 'worker'] as const).map((role) => ({ street, i, role })),
  );
  await Promise.all([
    ...workers.map(({ street, i, role }) => {
      const workerId = `w-${i + 1}-${role === 'worker' ? 'a' : 'c'}`;
      return ok(
        call('PUT', `${PS}/providers/${p.id}/workers/${workerId}`, admin, {
          name: WORKER_NAMES[(i * 2 + (role === 'worker' ? 1 : 0)) % WORKER_NAMES.length],
          role,
          licence: role === 'contact-person' ? LICENCES[i % 2] : LICENCES[2],
          streetPath: street,
          active: true,
        }),
        `worker ${workerId} of ${p.id}`,
      );
    }),
    ok(
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
    ),
  ]);
}

/**
 * The two organisations (with workers and contracts) and each one's API client — a fresh secret
 * each run, rotating the one it has — and token; both organisations side by side.
 */
export async function demoProviders(
  admin: string,
  clients: Promise<ApiClient[]>,
  step: Step,
): Promise<Map<string, string>> {
  const year = new Date().getUTCFullYear();
  const tokens = await Promise.all(
    PROVIDERS.map(async (p) => {
      const [, client] = await Promise.all([
        step(`${p.id} with workers and contract`, () => provider(admin, p, year)),
        step(`${p.id} client and token`, async () =>
          clientToken(
            admin,
            (await clients).find((c) => c.organisationId === p.id && c.status === 'active'),
            { kind: 'organisation', organisationId: p.id, orgUnit: p.details.registeredOrgUnit },
            p.id,
          ),
        ),
      ]);
      return [p.id, client.token] as const;
    }),
  );
  return new Map(tokens);
}

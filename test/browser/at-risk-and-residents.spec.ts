import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ApiAs,
  collectErrors,
  launchChromium,
  newContext,
  shot,
  signInThroughForm,
} from './browser-support.js';

const HEPING_COMMUNITY = '2101.210102.210102001.210102001001';
const SHENHE_COMMUNITY = '2101.210103.210103001.210103001002';

interface AtRiskAnswer {
  items: { residentId: string; daysSinceService: number | null }[];
  total: number;
}

/** At-risk elders of a community, one of them opened, and a community of another district typed into the URL. */
describe('dashboard: at-risk elders and the resident record', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let api: ApiAs;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser);
    page = await context.newPage();
    errors = collectErrors(page);
    api = await ApiAs.signIn('demo.heping');
    await signInThroughForm(page, 'demo.heping');
    await page.waitForURL((url) => url.hash === '#/');
  });
  afterAll(async () => {
    await browser.close();
  });

  it('lists the at-risk elders of a community as the API does, and opens one', async () => {
    const expected = await api.get<AtRiskAnswer>(
      `/api/analytics/at-risk?community=${HEPING_COMMUNITY}&days=7&limit=50`,
    );
    expect(expected.total).toBeGreaterThan(0);
    await page.goto(`/#/at-risk?community=${HEPING_COMMUNITY}&days=7`);
    const rows = page.locator('[data-test=at-risk-table] .el-table__body tr');
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(expected.items.length);
    await expect(page.locator('[data-test=at-risk-total]').innerText()).resolves.toContain(
      String(expected.total),
    );
    await shot(page, '20-at-risk');

    const first = expected.items[0]!;
    await rows.first().click();
    await page.waitForURL((url) => url.hash === `#/residents/${first.residentId}`);
    await page.locator('[data-test=resident-record]').waitFor();
    await expect(page.locator('[data-test=record-resident-id]').innerText()).resolves.toContain(
      first.residentId,
    );
    await page.locator('[data-test=resident-wallet]').waitFor();
    await shot(page, '21-resident-record');
    expect(errors).toEqual([]);
  });

  it('shows a community of another district, typed into the URL, as outside the area — no data', async () => {
    const direct = await api.raw(`/api/analytics/at-risk?community=${SHENHE_COMMUNITY}`);
    expect(direct.status).toBe(404);
    await page.goto(`/#/at-risk?community=${SHENHE_COMMUNITY}`);
    await page.locator('[data-test=at-risk-outside]').waitFor();
    await expect(page.locator('[data-test=at-risk-table] .el-table__body tr').count()).resolves.toBe(0);
    await shot(page, '22-at-risk-outside');
  });

  it('lists residents by cursor and opens a record; a resident of another district is not found', async () => {
    await page.goto('/#/residents');
    const rows = page.locator('[data-test=residents-table] .el-table__body tr');
    await rows.first().waitFor();
    const shown = await rows.count();
    expect(shown).toBeGreaterThan(0);
    await shot(page, '23-residents');

    const admin = await ApiAs.signIn('demo.city-admin');
    const far = await admin.get<{ items: { residentId: string }[] }>(
      '/api/residents/residents?community=210103001002&limit=1',
    );
    const farId = far.items[0]?.residentId;
    expect(farId).toBeDefined();
    await page.goto(`/#/residents/${farId}`);
    await page.locator('[data-test=resident-not-found]').waitFor();
    await expect(page.locator('[data-test=resident-record]').count()).resolves.toBe(0);
  });
});

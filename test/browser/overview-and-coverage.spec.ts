import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ApiAs,
  collectErrors,
  launchChromium,
  newContext,
  shot,
  signInThroughForm,
} from './browser-support.js';

const DISTRICT = '2101.210102';
const STREET = `${DISTRICT}.210102001`;
const COMMUNITY = `${STREET}.210102001001`;
const OTHER_DISTRICT = '2101.210103';

interface Cell {
  eligible: number | null;
  served: number | null;
  share: number | null;
}
interface CoverageRow {
  path: string;
  name: string;
  groups: Record<string, Cell>;
}
interface Coverage {
  unit: CoverageRow;
  children: CoverageRow[];
  month: string;
}

const zh = {
  integer: (n: number | null) => (n === null ? '' : new Intl.NumberFormat('zh-CN').format(n)),
  percent: (n: number | null) =>
    n === null
      ? ''
      : new Intl.NumberFormat('zh-CN', {
          style: 'percent',
          minimumFractionDigits: 1,
          maximumFractionDigits: 1,
        }).format(n),
};

/** The overview's figures against the API, the coverage drill-down, its CSV export, and another district's URL. */
describe('dashboard: overview and coverage of a district officer', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let api: ApiAs;
  let district: Coverage;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser);
    page = await context.newPage();
    errors = collectErrors(page);
    api = await ApiAs.signIn('demo.heping');
    district = await api.get<Coverage>(`/api/analytics/coverage?unit=${DISTRICT}`);
    await signInThroughForm(page, 'demo.heping');
    await page.waitForURL((url) => url.hash === '#/');
  });
  afterAll(async () => {
    await browser.close();
  });

  it('shows on the overview exactly the figures the API returns, with a chart', async () => {
    const all = district.unit.groups.all!;
    expect(all.eligible).toBeGreaterThan(0);
    const kpi = (name: string) => page.locator(`[data-test=kpi-${name}] [data-test=kpi-value]`);
    await page.locator('[data-test=kpi-eligible][data-state=ready]').waitFor();
    await expect(kpi('eligible').innerText()).resolves.toBe(zh.integer(all.eligible));
    await page.locator('[data-test=kpi-served][data-state=ready]').waitFor();
    await expect(kpi('served').innerText()).resolves.toBe(zh.integer(all.served));
    await expect(kpi('share').innerText()).resolves.toBe(zh.percent(all.share));
    await page.locator('[data-test=overview-chart] canvas').first().waitFor();
    await page.locator('[data-test=kpi-overdue][data-state=ready]').waitFor();
    await page.locator('[data-test=kpi-subsidy][data-state=ready]').waitFor();
    await shot(page, '10-overview');
    expect(errors).toEqual([]);
  });

  it('drills down from the district to a street and to a community', async () => {
    await page.goto(`/#/coverage?unit=${DISTRICT}`);
    const rows = page.locator('[data-test=coverage-table] .el-table__body tr');
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(district.children.length);
    await page.locator('[data-test=coverage-chart] canvas').first().waitFor();
    await page.locator('[data-test=trend-chart] canvas').first().waitFor();
    await shot(page, '11-coverage-district');

    const street = district.children.find((c) => c.path === STREET)!;
    await rows.filter({ hasText: street.name }).first().click();
    await page.waitForURL((url) => url.hash.includes(`unit=${STREET}`));
    const streetCoverage = await api.get<Coverage>(`/api/analytics/coverage?unit=${STREET}`);
    const community = streetCoverage.children.find((c) => c.path === COMMUNITY)!;
    await rows.filter({ hasText: community.name }).first().waitFor();
    await rows.filter({ hasText: community.name }).first().click();
    await page.waitForURL((url) => url.hash.includes(`unit=${COMMUNITY}`));
    await page.locator(`[data-test="crumb-${DISTRICT}"]`).waitFor();
    await page.locator(`[data-test="crumb-${STREET}"]`).waitFor();
    await expect(page.locator('[data-test=coverage-kpi-eligible]').innerText()).resolves.toContain(
      community.groups.all!.eligible === null ? '' : zh.integer(community.groups.all!.eligible),
    );
    await shot(page, '12-coverage-community');
    // Back up by the breadcrumb.
    await page.locator(`[data-test="crumb-${DISTRICT}"]`).click();
    await page.waitForURL((url) => url.hash.includes(`unit=${DISTRICT}`) && !url.hash.includes(STREET));
    expect(errors).toEqual([]);
  });

  it('exports the drill-down table as CSV with the figures of the API', async () => {
    await page.goto(`/#/coverage?unit=${DISTRICT}`);
    await page.locator('[data-test=coverage-table] .el-table__body tr').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test=coverage-table] [data-test=export-csv]').click(),
    ]);
    const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...lines] = csv.trim().split(/\r\n/);
    expect(header!.split(',').slice(0, 3)).toEqual(['街道', '符合条件老人', '已服务老人']);
    const byName = new Map(lines.map((l) => [l.split(',')[0], l.split(',')]));
    expect(byName.size).toBe(district.children.length);
    for (const child of district.children) {
      const cells = byName.get(child.name);
      expect(cells).toBeDefined();
      const all = child.groups.all!;
      expect(cells!.slice(1, 3)).toEqual([String(all.eligible ?? ''), String(all.served ?? '')]);
    }
  });

  it('answers another district typed into the URL with the designed "not yours" state, and no figure', async () => {
    expect((await api.raw(`/api/analytics/coverage?unit=${OTHER_DISTRICT}`)).status).toBe(404);
    await page.goto(`/#/coverage?unit=${OTHER_DISTRICT}`);
    await page.locator('[data-state=error]').first().waitFor();
    await expect(page.locator('[data-test=coverage-table] .el-table__body tr').count()).resolves.toBe(0);
    await shot(page, '13-coverage-other-district');
    await page.goto(`/#/?unit=${OTHER_DISTRICT}`);
    await page.locator('[data-state=error]').first().waitFor();
    await expect(page.locator('[data-test=kpi-eligible][data-state=ready]').count()).resolves.toBe(0);
  });
});

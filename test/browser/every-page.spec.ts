import type { Browser } from 'playwright-core';
import { collectErrors, launchChromium, newContext, shot, signInThroughForm } from './browser-support.js';
import { contrastFailures, fitsWidth } from './contrast.js';

/** What each role opens, with an element that shows the page has its data. */
const PAGES: { role: string; user: string; name: string; path: string; ready: string }[] = [
  {
    role: 'district',
    user: 'demo.heping',
    name: 'overview',
    path: '/#/',
    ready: '[data-test=overview-chart] canvas',
  },
  {
    role: 'district',
    user: 'demo.heping',
    name: 'coverage',
    path: '/#/coverage',
    ready: '[data-test=coverage-table] tr',
  },
  {
    role: 'district',
    user: 'demo.heping',
    name: 'at-risk',
    path: '/#/at-risk?community=2101.210102.210102001.210102001001&days=7',
    ready: '[data-test=at-risk-table] tr',
  },
  {
    role: 'district',
    user: 'demo.heping',
    name: 'residents',
    path: '/#/residents',
    ready: '[data-test=residents-table] tr',
  },
  {
    role: 'district',
    user: 'demo.heping',
    name: 'centres',
    path: '/#/centres',
    ready: '[data-test=centres-table] tr',
  },
  {
    role: 'district',
    user: 'demo.heping',
    name: 'centre',
    path: '/#/centres?centre=c-heping-01',
    ready: '[data-test=centre-visits-chart] canvas',
  },
  {
    role: 'district',
    user: 'demo.heping',
    name: 'purchased-contracts',
    path: '/#/purchased-services?tab=contracts',
    ready: '[data-test=contracts-table] tr',
  },
  {
    role: 'district',
    user: 'demo.heping',
    name: 'purchased-statements',
    path: '/#/purchased-services?tab=statements',
    ready: '[data-test=statements-table] tr',
  },
  {
    role: 'district',
    user: 'demo.heping',
    name: 'interventions',
    path: '/#/interventions',
    ready: '[data-test=programmes-table] tr',
  },
  {
    role: 'hotline',
    user: 'demo.hotline',
    name: 'hotline',
    path: '/#/hotline',
    ready: 'input[data-test=hotline-card-input]',
  },
  {
    role: 'admin',
    user: 'demo.city-admin',
    name: 'admin-accounts',
    path: '/#/admin?tab=accounts',
    ready: '[data-test=staff-table] tr',
  },
  {
    role: 'admin',
    user: 'demo.city-admin',
    name: 'admin-clients',
    path: '/#/admin?tab=clients',
    ready: '[data-test=clients-table] tr',
  },
  {
    role: 'admin',
    user: 'demo.city-admin',
    name: 'admin-rules',
    path: '/#/admin?tab=rules',
    ready: '[data-test=rule-sets-table] tr',
  },
  {
    role: 'auditor',
    user: 'demo.auditor',
    name: 'admin-audit',
    path: '/#/admin?tab=audit',
    ready: '[data-test=audit-table] tr',
  },
  { role: 'district', user: 'demo.heping', name: 'password', path: '/#/password', ready: 'form' },
];

/**
 * Every page with the demo city, at a laptop's and a tablet's width: its data shown, no script error,
 * no horizontal scrolling of the page, text contrast at WCAG AA, a screenshot of each.
 */
describe('dashboard: every page', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  for (const size of ['laptop', 'tablet'] as const) {
    for (const user of [...new Set(PAGES.map((p) => p.user))]) {
      it(`${user} on a ${size}: every page shows its data, fits, reads at AA contrast`, async () => {
        const context = await newContext(browser, size);
        const page = await context.newPage();
        const errors = collectErrors(page);
        await signInThroughForm(page, user);
        await page.waitForURL((url) => !url.hash.startsWith('#/sign-in'));
        const problems: string[] = [];
        for (const target of PAGES.filter((p) => p.user === user)) {
          await page.goto(target.path);
          await page.locator(target.ready).first().waitFor({ timeout: 30_000 });
          await page
            .locator('[data-state=loading]')
            .first()
            .waitFor({ state: 'detached', timeout: 30_000 })
            .catch(() => undefined);
          await shot(page, `30-${target.name}-${size}`);
          if (!(await fitsWidth(page))) problems.push(`${target.name}: wider than the window`);
          for (const f of await contrastFailures(page))
            problems.push(`${target.name}: "${f.text}" ${f.ratio}:1 (${f.color} on ${f.background})`);
        }
        await context.close();
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
      });
    }
  }

  it('is reachable by keyboard: Tab reaches the menu and Enter opens a page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInThroughForm(page, 'demo.heping');
    await page.waitForURL((url) => url.hash === '#/');
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute('data-test') === 'nav-coverage',
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash.startsWith('#/coverage'));
    await context.close();
  });
});

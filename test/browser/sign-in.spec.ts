import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ApiAs,
  collectErrors,
  launchChromium,
  newContext,
  shot,
  signInThroughForm,
} from './browser-support.js';

/** Signing in, the lockout message, the remembered language and signing out, in Chromium. */
describe('dashboard: sign-in and session', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    context = await newContext(browser);
    page = await context.newPage();
    errors = collectErrors(page);
  });
  afterEach(async () => {
    await context.close();
  });

  it('signs a district officer in, shows who is signed in, and signs out', async () => {
    await page.goto('/');
    await page.waitForURL(/#\/sign-in/);
    await shot(page, '00-sign-in');
    await signInThroughForm(page, 'demo.heping');
    await page.waitForURL((url) => url.hash === '#/');
    await expect(page.locator('[data-test=who]').innerText()).resolves.toContain('demo.heping');
    await expect(page.locator('[data-test=who]').innerText()).resolves.toContain('2101.210102');
    await page.locator('[data-test=sign-out]').click();
    await page.waitForURL(/#\/sign-in/);
    // Signed out means the tokens are revoked, not only forgotten: the back button shows no data.
    await page.goto('/#/coverage');
    await page.waitForURL(/#\/sign-in\?next=/);
    expect(errors).toEqual([]);
  });

  it('says clearly that an account is locked after five wrong passwords', async () => {
    const admin = await ApiAs.signIn('demo.city-admin');
    const username = `web.lockout.${Date.now().toString(36)}`;
    const created = await fetch(`${process.env.ANLAO_BROWSER_GATEWAY}/admin/staff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({
        username,
        role: 'street-staff',
        orgUnit: '2101.210102.210102001',
        password: 'a long enough passphrase',
      }),
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 5; i++) {
      await signInThroughForm(page, username, `wrong passphrase ${i}`);
      await expect(page.locator('[data-test=sign-in-error]').innerText()).resolves.toContain(
        '用户名或密码不正确',
      );
    }
    await signInThroughForm(page, username, 'a long enough passphrase');
    const message = page.locator('[data-test=sign-in-error]');
    await message.filter({ hasText: '锁定' }).waitFor();
    await expect(message.innerText()).resolves.toMatch(/账号已锁定，请 \d+ 分钟后再试/);
    await shot(page, '01-sign-in-locked');
    expect(page.url()).toMatch(/#\/sign-in/);
  });

  it('switches to English and remembers it on the next visit', async () => {
    await signInThroughForm(page, 'demo.heping');
    await page.waitForURL((url) => url.hash === '#/');
    await expect(page.locator('[data-test=nav-coverage]').innerText()).resolves.toBe('服务覆盖');
    await page.locator('[data-test=locale]').click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect(page.locator('[data-test=nav-coverage]').innerText()).resolves.toBe('Coverage');
    await page.reload();
    await page.locator('[data-test=nav-coverage]').filter({ hasText: 'Coverage' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    expect(errors).toEqual([]);
  });
});

import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-accounts.js';

/** Where the run's screenshots go (git-ignored, like everything under .local/). */
export const SCREENSHOTS = '.local/browser/screenshots';

export function gatewayUrl(): string {
  const url = process.env.ANLAO_BROWSER_GATEWAY;
  if (!url) throw new Error('ANLAO_BROWSER_GATEWAY is set by test/browser/platform.setup.mjs');
  return url;
}

/** Debian's Chromium, headless, without the background traffic a closed network refuses. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile at a laptop's size (or a tablet's), with downloads accepted. */
export async function newContext(
  browser: Browser,
  size: 'laptop' | 'tablet' = 'laptop',
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: gatewayUrl(),
    viewport: size === 'laptop' ? { width: 1366, height: 800 } : { width: 1024, height: 768 },
    acceptDownloads: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

/**
 * Every uncaught page error, console error and failed load of the dashboard's own files, so a test
 * can require there were none. An API answering 4xx is not one: pages show those as designed states
 * (the browser still logs "Failed to load resource" for them, which is left out).
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() >= 400 && (path === '/' || path.startsWith('/assets/')))
      errors.push(`${response.status()} ${path}`);
    if (response.status() >= 500) errors.push(`${response.status()} ${path}`);
  });
  return errors;
}

/** Signs in through the sign-in form, as a person would. */
export async function signInThroughForm(
  page: Page,
  username: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto('/#/sign-in');
  // Element Plus puts the `data-test` of an `<el-input>` on its inner `<input>`.
  await page.locator('input[data-test=username]').fill(username);
  await page.locator('input[data-test=password]').fill(password);
  await page.locator('[data-test=sign-in]').click();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** The API as the same account sees it, to compare what a page shows with what the API says. */
export class ApiAs {
  private constructor(readonly token: string) {}

  static async signIn(username: string, password = DEMO_PASSWORD): Promise<ApiAs> {
    const res = await fetch(`${gatewayUrl()}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`sign-in of ${username}: ${res.status}`);
    return new ApiAs(((await res.json()) as { accessToken: string }).accessToken);
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.raw(path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  raw(path: string): Promise<Response> {
    return fetch(`${gatewayUrl()}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
  }
}

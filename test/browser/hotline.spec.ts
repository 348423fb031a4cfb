import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import {
  ApiAs,
  collectErrors,
  launchChromium,
  newContext,
  shot,
  signInThroughForm,
} from './browser-support.js';

interface ResidentRow {
  residentId: string;
  status: string;
  card?: { number: string; status: string } | null;
}

/** A hotline operator takes a call: the elder's card number, a service, the order and its progress. */
describe('dashboard: a hotline operator creates an order by card number', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser);
    page = await context.newPage();
    errors = collectErrors(page);
  });
  afterAll(async () => {
    await browser.close();
  });

  it('looks the card up, orders a service and shows the order the API holds', async () => {
    const admin = await ApiAs.signIn('demo.city-admin');
    const residents = await admin.get<{ items: ResidentRow[] }>('/api/residents/residents?limit=200');
    const holder = residents.items.find((r) => r.status === 'active' && r.card?.status === 'active');
    expect(holder).toBeDefined();

    await signInThroughForm(page, 'demo.hotline');
    await page.waitForURL((url) => url.hash.startsWith('#/hotline'));
    await page.locator('input[data-test=hotline-card-input]').fill(holder!.card!.number);
    await page.locator('[data-test=hotline-lookup]').click();
    await page.locator('[data-test=hotline-resident]').waitFor();

    await page.locator('[data-test=hotline-service-type]').click();
    await page.getByRole('option').first().click();
    const posts: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/purchased-services/orders')
        posts.push(r);
    });
    await page.locator('[data-test=hotline-create-order]').click();
    const idCell = page.locator('[data-test=hotline-order-id]');
    await idCell.waitFor();
    const orderId = (await idCell.innerText()).trim();
    await page.locator('[data-test=hotline-order-status]').waitFor();
    await shot(page, '40-hotline-order');

    // Ordered by the card number itself (not a fallback by resident id), once, with an idempotency key.
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]!.postData() ?? '{}')).toMatchObject({ cardNumber: holder!.card!.number });
    expect(posts[0]!.headers()['idempotency-key']).toBeTruthy();
    expect((await posts[0]!.response())?.status()).toBe(201);

    const hotline = await ApiAs.signIn('demo.hotline');
    const order = await hotline.get<{ orderId: string; residentId: string; state: string }>(
      `/api/purchased-services/orders/${orderId}`,
    );
    expect(order.residentId).toBe(holder!.residentId);
    await expect(
      page.locator('[data-test=hotline-order-status]').getAttribute('data-state'),
    ).resolves.toBeTruthy();
    expect(errors).toEqual([]);
  });
});

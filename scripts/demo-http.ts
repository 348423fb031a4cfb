/** The demo loaders' HTTP: every call through the gateway, as a client of the public API would make it. */

export const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Pauses for polling a condition: short at first (most waits here are under a second), growing
 * by half each time to `maxMs`, so a long wait costs few requests (of the caller's 600 a minute,
 * and of a busy machine's time: each one is also authenticated, audited and answered). `wait()`
 * sleeps the next pause, or throws once `timeoutMs` has passed.
 */
export function poller(what: string, { firstMs = 100, maxMs = 1_000, timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let next = firstMs;
  return {
    async wait(): Promise<void> {
      if (Date.now() > deadline) throw new Error(`${what}: still waiting after ${timeoutMs / 1000} s`);
      await sleep(next);
      next = Math.min(maxMs, Math.ceil(next * 1.5));
    },
  };
}

/** Requests refused by the gateway's rate limits (429) are not served: sent again after its Retry-After. */
const RATE_LIMITED_TRIES = 5;

export async function call(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  // A string is sent as it is (its content-type in `headers`), anything else as JSON.
  const raw = typeof body === 'string';
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${GATEWAY}${path}`, {
      method,
      headers: {
        ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }),
        'x-correlation-id': 'demo-city',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    if (res.status !== 429 || attempt === RATE_LIMITED_TRIES) return res;
    await res.body?.cancel();
    const seconds = Number(res.headers.get('retry-after'));
    await sleep(Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : 5_000);
  }
}

export async function ok<T>(res: Promise<Response>, what: string, accept: number[] = []): Promise<T> {
  const r = await res;
  if (r.status >= 400 && !accept.includes(r.status))
    throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return (r.status === 204 ? undefined : await r.json()) as T;
}

/**
 * How long a read model may take to catch up with another service's events before the load gives
 * up: normally a second or two, but minutes on a machine busy with other work.
 */
export const READ_MODEL_WAIT_MS = 300_000;
/** The longest pause between two questions to a read model still catching up. */
export const READ_MODEL_POLL_MAX_MS = 5_000;

/**
 * Sends until the answer is not a retryable refusal (a read model still catching up with
 * another service's events: 422/503 with `retryable: true`), polling every 0.2 s to 5 s (the
 * service is catching up: no need to crowd it); statuses in `accept` (e.g. 409 for a step a
 * second load finds done) count as success. `waits` counts the requests sent again.
 */
export async function retrying<T>(
  what: string,
  attempt: () => Promise<Response>,
  { accept = [] as number[], timeoutMs = READ_MODEL_WAIT_MS, waits = { count: 0 } } = {},
): Promise<T> {
  const poll = poller(what, { firstMs: 200, maxMs: READ_MODEL_POLL_MAX_MS, timeoutMs });
  for (;;) {
    const res = await attempt();
    if (res.status < 300 || accept.includes(res.status))
      return (res.status === 204 ? undefined : await res.json()) as T;
    const text = await res.text();
    let retryable = false;
    try {
      retryable = (JSON.parse(text) as { retryable?: boolean }).retryable === true;
    } catch {
      // not a problem document: not retryable
    }
    if (!retryable) throw new Error(`${what}: ${res.status} ${text}`);
    waits.count++;
    await poll.wait();
  }
}

/**
 * Waits for a job the API accepted (202, `Location` naming the job) to end, and
 * returns its counts; a job that failed or was cancelled stops the demo.
 */
export async function jobCounts(
  res: Promise<Response>,
  postedTo: string,
  token: string,
  what: string,
): Promise<Record<string, number>> {
  const accepted = await res;
  if (accepted.status !== 202) throw new Error(`${what}: ${accepted.status} ${await accepted.text()}`);
  await accepted.body?.cancel();
  const path = new URL(accepted.headers.get('location') ?? '', `${GATEWAY}${postedTo}`).pathname;
  const poll = poller(`${what} (job)`, { firstMs: 200, maxMs: 2_000, timeoutMs: 600_000 });
  for (;;) {
    const job = await ok<{ status: string; counts: Record<string, number>; failure: unknown }>(
      call('GET', path, token),
      `${what} (job)`,
    );
    if (job.status === 'succeeded') return job.counts;
    if (job.status === 'failed' || job.status === 'cancelled')
      throw new Error(`${what}: job ${job.status} ${JSON.stringify(job.failure)}`);
    await poll.wait();
  }
}

/**
 * `work` for every item, at most `limit` at a time (the store serves each statement from its
 * pool, so a demo keeps a few requests in flight, not hundreds); results in the items' order.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** The demo loaders' HTTP: every call through the gateway, as a client of the public API would make it. */

export const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';

export async function call(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${GATEWAY}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      'x-correlation-id': 'demo-city',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export async function ok<T>(res: Promise<Response>, what: string, accept: number[] = []): Promise<T> {
  const r = await res;
  if (r.status >= 400 && !accept.includes(r.status))
    throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return (r.status === 204 ? undefined : await r.json()) as T;
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
  const path = new URL(accepted.headers.get('location') ?? '', `${GATEWAY}${postedTo}`).pathname;
  for (let attempt = 0; ; attempt++) {
    const job = await ok<{ status: string; counts: Record<string, number>; failure: unknown }>(
      call('GET', path, token),
      `${what} (job)`,
    );
    if (job.status === 'succeeded') return job.counts;
    if (job.status === 'failed' || job.status === 'cancelled')
      throw new Error(`${what}: job ${job.status} ${JSON.stringify(job.failure)}`);
    if (attempt > 1200) throw new Error(`${what}: job still ${job.status} after 10 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

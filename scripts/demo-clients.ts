/**
 * The demo's API clients (centres, social organisations): listed once, then each gets a fresh
 * secret every load (its active client rotated, or one issued) and a token with it.
 */
import { call, ok, poller } from './demo-http.js';

export interface ApiClient {
  clientId: string;
  centreId: string | null;
  organisationId: string | null;
  status: string;
}

export interface ClientToken {
  clientId: string;
  clientSecret: string;
  token: string;
  /** Issue requests sent again while the gateway's centre directory caught up. */
  waits: number;
}

/** Every API client the admin sees (paged by id). */
export async function listClients(admin: string): Promise<ApiClient[]> {
  const all: ApiClient[] = [];
  for (let after: string | null = null, first = true; first || after; first = false) {
    const page: { items: ApiClient[]; next: string | null } = await ok(
      call('GET', `/admin/api-clients?limit=500${after ? `&after=${after}` : ''}`, admin),
      'list clients',
    );
    all.push(...page.items);
    after = page.next;
  }
  return all;
}

type Issue =
  { kind: 'centre'; centreId: string } | { kind: 'organisation'; organisationId: string; orgUnit: string };

/**
 * Rotates `existing` or issues a client. The gateway learns a centre from its event: for a centre
 * registered a moment ago it waits a little itself, then answers 503 (retryable) or 404, and the
 * request goes again after a short pause.
 */
export async function clientToken(
  admin: string,
  existing: ApiClient | undefined,
  issue: Issue,
  what: string,
): Promise<ClientToken> {
  let waits = 0;
  let credentials: { clientId: string; clientSecret: string } | undefined;
  if (existing)
    credentials = await ok(
      call('POST', `/admin/api-clients/${existing.clientId}/rotate`, admin),
      `rotate ${what}`,
    );
  const poll = poller(`client for ${what}`, { timeoutMs: 60_000 });
  while (!credentials) {
    const res = await call('POST', '/admin/api-clients', admin, issue);
    if (res.status === 201) credentials = (await res.json()) as { clientId: string; clientSecret: string };
    else if (res.status === 404 || res.status === 503) {
      await res.body?.cancel();
      waits++;
      await poll.wait();
    } else throw new Error(`issue client for ${what}: ${res.status} ${await res.text()}`);
  }
  const { accessToken } = await ok<{ accessToken: string }>(
    call('POST', '/auth/token', null, credentials),
    `token for ${what}`,
  );
  return { ...credentials, token: accessToken, waits };
}

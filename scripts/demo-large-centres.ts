/**
 * One day-care centre per street of the large city, serving the whole street (not its communities
 * only), registered through the centres API and given an API client whose secret is kept beside
 * the checkpoint (mode 0600), so a resumed load gets tokens again without rotating it.
 */
import { ClientSession } from './demo-large-auth.js';
import { listClients, type ApiClient } from './demo-clients.js';
import { call, inParallel, poller } from './demo-http.js';
import { ACTIVITIES } from './demo-large-days.js';
import type { Street } from './demo-large-plan.js';
import type { Run } from './demo-large-residents.js';

const CAPACITY = 60;
const OPENING_HOURS = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ from: '07:30', to: '18:00' }]]),
);

async function register(run: Run, street: Street): Promise<void> {
  const details = {
    name: `${street.name}日间照料中心`,
    kind: 'day-care',
    communityPath: street.path,
    capacity: CAPACITY,
    openingHours: OPENING_HOURS,
    activities: [...ACTIVITIES],
    communityOnly: false,
  };
  const path = `/api/centres/centres/${street.centreId}`;
  let res = await run.admin.call('PUT', path, details);
  // Registered before with other details: brought up to date.
  if (res.status === 409) {
    await res.body?.cancel();
    res = await run.admin.call('PATCH', path, details);
  }
  if (res.status >= 400) throw new Error(`register ${street.centreId}: ${res.status} ${await res.text()}`);
  await res.body?.cancel();
}

/**
 * A client for the centre: its active one rotated (its secret was lost with an older checkpoint),
 * or a new one. The gateway learns centres from their events: 404/503 while it catches up.
 */
async function issueClient(run: Run, street: Street, existing: ApiClient | undefined) {
  const what = `client for ${street.centreId}`;
  const poll = poller(what, { timeoutMs: 120_000 });
  for (;;) {
    const res = existing
      ? await run.admin.call('POST', `/admin/api-clients/${existing.clientId}/rotate`)
      : await run.admin.call('POST', '/admin/api-clients', { kind: 'centre', centreId: street.centreId });
    if (res.status < 300) return (await res.json()) as { clientId: string; clientSecret: string };
    if (res.status !== 404 && res.status !== 503)
      throw new Error(`${what}: ${res.status} ${await res.text()}`);
    await res.body?.cancel();
    await poll.wait();
  }
}

/** Registers every centre not done yet (four at a time) and keeps its client's credentials. */
export async function loadCentres(run: Run): Promise<void> {
  const { plan, checkpoint, progress } = run;
  const pending = plan.streets.filter((s) => !checkpoint.has('centres', s.centreId));
  progress.start('centres', plan.streets.length, plan.streets.length - pending.length, 'centres');
  const clients = pending.length > 0 ? await listClients(await run.admin.token()) : [];
  await inParallel(pending, 4, async (street) => {
    if (run.stopping.now) return;
    await register(run, street);
    const existing = clients.find((c) => c.centreId === street.centreId && c.status === 'active');
    checkpoint.writeSecret(street.centreId, await issueClient(run, street, existing));
    checkpoint.complete('centres', street.centreId);
    progress.add(1);
  });
  progress.end();
}

/**
 * Each centre's session from its kept credentials. A secret that no longer works (rotated or
 * revoked by hand since) is replaced by a rotation.
 */
export async function centreSessions(run: Run): Promise<Map<string, ClientSession>> {
  const secrets = run.checkpoint.readSecrets();
  const sessions = new Map<string, ClientSession>();
  let clients: ApiClient[] | null = null;
  for (const street of run.plan.streets) {
    let secret = secrets[street.centreId];
    if (!secret) throw new Error(`no client kept for ${street.centreId}: run again with --restart`);
    const probe = await call('POST', '/auth/token', null, secret);
    await probe.body?.cancel();
    if (probe.status === 401) {
      clients ??= await listClients(await run.admin.token());
      const active = clients.find((c) => c.centreId === street.centreId && c.status === 'active');
      secret = await issueClient(run, street, active);
      run.checkpoint.writeSecret(street.centreId, secret);
    } else if (probe.status >= 400) throw new Error(`token for ${street.centreId}: ${probe.status}`);
    sessions.set(street.centreId, new ClientSession(secret, street.centreId));
  }
  return sessions;
}

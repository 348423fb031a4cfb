import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import {
  bearer,
  dropDatabases,
  eventually,
  processEnv,
  readTopic,
  sleep,
  spawnReadyService,
  TEST_CARD_DIGEST_KEY,
  tokenFor,
  uniqueNamespace,
  type ServiceProcess,
} from '#anlao/testing';
import { seedResidents } from './residents-fixture.js';

const CENTRE = 'c-kill';
const visitIds = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `v-${String(from + i).padStart(2, '0')}`);

/**
 * The process dies in the middle of a batch: after storing its visits, before sealing their outbox
 * intent and before answering (SIGKILL at a test-only failpoint, ADR 0024). The centre never got an
 * answer, so it sends the batch again after the restart. Every visit ever acknowledged or stored
 * reaches Kafka exactly once. Runs the built service (`npm run build`) as a real process.
 */
describe('visits: the process killed mid-batch', () => {
  const ns = uniqueNamespace();
  const env = processEnv(ns, {
    OUTBOX_POLL_MS: '100',
    CARD_DIGEST_KEY: TEST_CARD_DIGEST_KEY,
    VISIT_BATCH_RECOVERY_SECONDS: '1',
  });
  const started: ServiceProcess[] = [];
  const centreToken = bearer(tokenFor({ role: 'centre-client', centreId: CENTRE }));
  const residents = Array.from({ length: 10 }, (_, i) => `r-kill-${i}`);
  const checkInAt = new Date(Date.now() - 3_600_000).toISOString();
  const batch = (ids: string[]) => ({
    visits: ids.map((visitId, i) => ({
      visitId,
      residentId: residents[i % residents.length],
      activity: 'meal',
      checkInAt,
    })),
  });

  async function start(extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = await spawnReadyService('centres', { ...env, ...extra });
    started.push(service);
    return service;
  }

  /** The visit.recorded events on the topic so far, by visit id. */
  async function recordedOnKafka(settleMs: number): Promise<string[]> {
    const topic = topicName(Topics.centres, ns.topicPrefix);
    const deadline = Date.now() + settleMs;
    const messages = await readTopic(topic, () => Date.now() > deadline, settleMs + 5_000);
    return messages
      .map(
        (m) => JSON.parse(m.value?.toString() ?? '{}') as { type?: string; payload?: { visitId?: string } },
      )
      .filter((e) => e.type === 'visit.recorded')
      .map((e) => e.payload?.visitId ?? '');
  }

  afterAll(async () => {
    for (const service of started) service.child.kill('SIGKILL');
    await dropDatabases(ns.dbPrefix);
  });

  it('publishes every stored visit exactly once; the centre’s retry finds them all, none lost or doubled', async () => {
    // The second request that stores visits dies after storing them.
    const first = await start({ VISIT_FAULT: 'after-insert:2' });
    await request(first.url)
      .put(`/centres/${CENTRE}`)
      .set(bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' })))
      .send({ name: 'Kill test centre', kind: 'day-care', communityPath: '2101.210102', capacity: 60 })
      .expect(201);
    await seedResidents(ns, residents, '2101.210102');

    const acknowledged = await request(first.url)
      .post(`/centres/${CENTRE}/visits`)
      .set(centreToken)
      .send(batch(visitIds(1, 10)))
      .expect(201);
    expect(acknowledged.body.recorded).toBe(10);

    // v-01…v-10 again and v-11…v-40 new: the process stores v-11…v-40 and dies unanswered.
    const dying = await request(first.url)
      .post(`/centres/${CENTRE}/visits`)
      .set(centreToken)
      .send(batch(visitIds(1, 40)))
      .then(
        (r) => r.status,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    expect(typeof dying).toBe('string'); // no HTTP answer at all: the connection broke
    expect(await first.exited).toBe('SIGKILL');

    // The centre retries the unanswered batch with ten more visits of the day.
    const second = await start();
    const retry = await request(second.url)
      .post(`/centres/${CENTRE}/visits`)
      .set(centreToken)
      .send(batch(visitIds(1, 50)))
      .expect(201);
    expect(retry.body).toMatchObject({ recorded: 10, duplicates: 40, conflicts: 0, rejected: 0 });
    const statusOf = new Map(
      (retry.body.results as { visitId: string; status: string }[]).map((r) => [r.visitId, r.status]),
    );
    for (const id of visitIds(11, 40)) expect(statusOf.get(id)).toBe('duplicate');
    for (const id of visitIds(41, 50)) expect(statusOf.get(id)).toBe('recorded');

    // The dead request's intent is sealed from the store and published: 50 visits, each once.
    const all = visitIds(1, 50);
    await eventually(
      () => recordedOnKafka(500),
      (ids) => all.every((id) => ids.includes(id)),
      60_000,
    );
    await sleep(2_500); // a second publish of the intent, if any, would land meanwhile
    const published = await recordedOnKafka(1_000);
    expect([...published].sort()).toEqual(all);
  }, 240_000);
});

import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import {
  bearer,
  TEST_CARD_DIGEST_KEY,
  tokenFor,
  dropDatabases,
  eventually,
  freePort,
  processEnv,
  readTopic,
  sleep,
  spawnReadyService,
  spawnService,
  uniqueNamespace,
  type ServiceProcess,
} from '#anlao/testing';
import { seedResidents } from './residents-fixture.js';

/**
 * The process dies after the write and before the publish (SIGKILL, no chance to
 * flush); after a restart the event is published, exactly once, even across a
 * second restart. Runs the built service (`npm run build`) as a real process.
 */
describe('outbox: a crash between write and publish loses nothing', () => {
  const ns = uniqueNamespace();
  const env = processEnv(ns, { OUTBOX_POLL_MS: '100', CARD_DIGEST_KEY: TEST_CARD_DIGEST_KEY });
  const started: ServiceProcess[] = [];

  async function start(extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = await spawnReadyService('centres', { ...env, ...extra });
    started.push(service);
    return service;
  }

  afterAll(async () => {
    for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await dropDatabases(ns.dbPrefix);
  });

  const visitEventsOf = async (visitId: string, settleMs: number) => {
    const topic = topicName(Topics.centres, ns.topicPrefix);
    const deadline = Date.now() + settleMs;
    const messages = await readTopic(topic, () => Date.now() > deadline, settleMs + 5_000);
    return messages.filter((m) => m.key?.toString() === `c-crash:${visitId}`);
  };

  it('publishes an acknowledged visit exactly once after the process is killed before publishing', async () => {
    // 1. A process that stores but never publishes (its relay is off), then dies hard.
    const first = await start({ OUTBOX_RELAY: 'off' });
    await request(first.url)
      .put('/centres/c-crash')
      .set(bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' })))
      .send({ name: 'Crash test centre', kind: 'day-care', communityPath: '2101.210102', capacity: 10 })
      .expect(201);
    await seedResidents(ns, ['r-9'], '2101.210102');
    const ack = await request(first.url)
      .post('/centres/c-crash/visits')
      .set(bearer(tokenFor({ role: 'centre-client', centreId: 'c-crash' })))
      .send({
        visits: [
          {
            visitId: 'v-crash',
            residentId: 'r-9',
            activity: 'meal',
            checkInAt: new Date(Date.now() - 3_600_000).toISOString(),
          },
        ],
      })
      .expect(201);
    expect(ack.body.recorded).toBe(1);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL'); // no graceful flush ran
    expect(await visitEventsOf('v-crash', 1_000)).toHaveLength(0);

    // 2. Restarted with its relay on: the pending event goes out.
    const second = await start();
    const afterRestart = await eventually(
      () => visitEventsOf('v-crash', 500),
      (m) => m.length > 0,
      30_000,
    );
    expect(afterRestart).toHaveLength(1);

    // 3. Another restart publishes nothing again: the outbox was cleared after the publish.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe('SIGTERM'); // Nest re-raises the signal after its shutdown hooks
    await start();
    await sleep(1_500);
    const events = await visitEventsOf('v-crash', 1_000);
    expect(events).toHaveLength(1);
    const event = JSON.parse(events[0]?.value?.toString() ?? '{}') as {
      type: string;
      payload: { visitId: string };
    };
    expect(event).toMatchObject({ type: 'visit.recorded', payload: { visitId: 'v-crash' } });
    // After a SIGKILL the residents read model's durable group keeps the dead member until its
    // session times out (30 s): the restarted process joins, and becomes ready, only then.
  }, 150_000);

  it('refuses to start with a bad variable, naming it and not its value', async () => {
    const service = spawnService(
      'centres',
      { ...env, KAFKA_BROKERS: 'not a broker list', LOG_LEVEL: 'loud', CARD_DIGEST_KEY: 'c2hvcnQta2V5' },
      await freePort(),
    );
    expect(await service.exited).toBe(78);
    expect(service.output()).toContain('KAFKA_BROKERS');
    expect(service.output()).toContain('LOG_LEVEL');
    expect(service.output()).toContain('CARD_DIGEST_KEY');
    expect(service.output()).not.toContain('not a broker list');
    expect(service.output()).not.toContain('c2hvcnQta2V5');
  });
});

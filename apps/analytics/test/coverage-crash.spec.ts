import { MongoClient } from 'mongodb';
import request from 'supertest';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  eventually,
  freePort,
  MONGO_URL,
  processEnv,
  residentsEvents,
  spawnReadyService,
  spawnService,
  testProducer,
  tokenFor,
  uniqueNamespace,
  type ServiceProcess,
} from '#anlao/testing';

const STREET = '2101.210102.210102001';
/** 30 communities: a step touching all of them increments more counters than one bulk holds. */
const COMMUNITIES = Array.from({ length: 30 }, (_, i) => `${STREET}.${String(210102001100 + i)}`);
const month = localDay(new Date(), 'Asia/Shanghai').slice(0, 7);
const checkIn = `${month}-01T03:00:00.000Z`;
/** Eligible since last month: a registration restates two months, so a step increments dozens of counters. */
const lastMonth = (() => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 2026, (m ?? 1) - 2, 1)).toISOString().slice(0, 7);
})();

/**
 * The coverage writer killed (SIGKILL) in the middle of a step — after its journal entry, and after
 * only some of its counters were incremented — loses no count and counts nothing twice once
 * restarted: the pending plan is finished, the redelivered batch finds nothing left to change.
 * Runs the built service (`npm run build`) as a real process.
 */
describe('coverage: a writer killed mid-batch', () => {
  const ns = uniqueNamespace();
  const ev = residentsEvents(ns.topicPrefix);
  const env = processEnv(ns, { LOG_LEVEL: process.env.CRASH_LOG_LEVEL ?? 'warn' });
  const started: ServiceProcess[] = [];
  let client: MongoClient;
  const staff = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const db = () => client.db(`${ns.dbPrefix}analytics`);

  const start = async (extra: Record<string, string> = {}, ready = true): Promise<ServiceProcess> => {
    const service = ready
      ? await spawnReadyService('analytics', { ...env, ...extra })
      : spawnService('analytics', { ...env, ...extra }, await freePort());
    started.push(service);
    return service;
  };
  /** The process's end, or its output when it did not end in time. */
  const died = async (service: ServiceProcess) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`analytics did not die at its failpoint:\n${service.output()}`)),
        60_000,
      );
    });
    try {
      return await Promise.race([service.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  const publish = async (events: EventEnvelope[]) => {
    const producer = await testProducer(ns, 'analytics-crash-test');
    try {
      await producer.publish(events);
    } finally {
      await producer.disconnect();
    }
  };
  const visit = (visitId: string, residentId: string) =>
    createEvent({
      source: 'centres',
      subject: `c-1:${visitId}`,
      orgUnit: STREET,
      correlationId: 'crash-test',
      type: 'visit.recorded',
      payload: {
        visitId,
        centreId: 'c-1',
        residentId,
        activity: 'meal',
        checkInAt: checkIn,
        checkOutAt: null,
      },
    });
  const residents = COMMUNITIES.flatMap((path, c) => [0, 1].map((i) => ({ id: `r-${c}-${i}`, path })));
  const registrations = residents.flatMap((r) => [
    ev.registered(r.id, r.path),
    createEvent({
      source: 'residents',
      subject: r.id,
      orgUnit: r.path,
      correlationId: 'crash-test',
      type: 'eligibility.assessed',
      payload: {
        residentId: r.id,
        communityPath: r.path,
        categories: ['aged-80-plus'],
        previousCategories: [],
        ruleSetVersion: '1',
        assessedOn: `${lastMonth}-01`,
        trigger: 'registered',
      },
    }),
  ]);

  const street = async () =>
    (
      await request(started.at(-1)?.url ?? '')
        .get('/coverage')
        .set(staff)
        .query({ unit: STREET, month, group: 'all' })
    ).body as {
      unit: { groups: { all: { eligible: number; served: number } }; services: { visits: number } };
      children: { path: string; groups: { all: { eligible: number | null; served: number | null } } }[];
    };

  beforeAll(async () => {
    client = await MongoClient.connect(MONGO_URL);
  });

  afterAll(async () => {
    for (const s of started)
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await client?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('finishes a step killed after some of its counters were incremented, and counts each elder once', async () => {
    // A first process creates the topics and leaves its group cleanly; the events wait for the next.
    const first = await start();
    first.child.kill('SIGTERM');
    await first.exited;
    await publish(registrations);
    // The next process dies in its second step, after the first bulk of counter increments.
    const doomed = await start({ PROJECTION_FAULT: 'analytics.coverage:increments:2' }, false);
    expect(await died(doomed)).toBe('SIGKILL');
    const journal = await db()
      .collection('projection_journal')
      .findOne({ _id: 'analytics.coverage' as never });
    expect(journal?.pending).not.toBeNull();
    expect((journal?.pending as { increments: unknown[] }).increments.length).toBeGreaterThan(24);

    await start();
    const report = await eventually(
      street,
      // A step's counters are written in bulks: wait until its last bulk (the communities) is in too.
      (r) => r.unit?.groups?.all?.eligible === residents.length && r.children?.length === COMMUNITIES.length,
      60_000,
    );
    expect(report.unit.groups.all).toMatchObject({ eligible: 60, served: 0 });
    expect(report.children).toHaveLength(30);
    // Each community's own counters, both months (the report suppresses counts of two).
    const ids = COMMUNITIES.flatMap((c) => [`${c}:${month}`, `${c}:${lastMonth}`]);
    const counters = await eventually(
      () =>
        db()
          .collection<{ _id: string; eligible?: { all?: number } }>('coverage')
          .find({ _id: { $in: ids } })
          .toArray(),
      (all) => all.length === ids.length,
      30_000,
    );
    expect(counters).toHaveLength(60);
    expect(counters.every((c) => c.eligible?.all === 2)).toBe(true);
  }, 150_000);

  it('finishes a step killed right after its journal entry, and a redelivered batch changes nothing', async () => {
    // Every elder of the first 20 communities visits once (one visit read twice); then the writer dies
    // in its first step, after writing the journal and before anything else.
    const visits = residents.slice(0, 40).map((r, i) => visit(`v-${i}`, r.id));
    const first = visits[0];
    if (first) visits.push(first);
    started.at(-1)?.child.kill('SIGTERM');
    await started.at(-1)?.exited;
    await publish(visits);
    const doomed = await start({ PROJECTION_FAULT: 'analytics.coverage:journal:1' }, false);
    expect(await died(doomed)).toBe('SIGKILL');
    await start();
    const report = await eventually(street, (r) => r.unit?.groups?.all?.served === 40, 60_000);
    expect(report.unit.groups.all).toMatchObject({ eligible: 60, served: 40 });
    expect(report.unit.services.visits).toBe(40);
    const months = await db().collection('resident_months').countDocuments({ month });
    expect(months).toBe(60);
    // Nothing is left pending once the lane is idle.
    const journal = await eventually(
      () =>
        db()
          .collection('projection_journal')
          .findOne({ _id: 'analytics.coverage' as never }),
      (j) => j?.pending === null,
      30_000,
    );
    expect(journal?.pending).toBeNull();
  }, 150_000);
});

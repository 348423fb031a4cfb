import {
  bearer,
  dropDatabases,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { addDays, localDay } from '#anlao/platform';
import { interventionsService } from '../src/interventions.module.js';
import {
  call,
  COMMUNITY,
  DISTRICT,
  FAR_COMMUNITY,
  feed,
  OTHER_DISTRICT,
  providerEvents,
  publishedOn,
  residentsEvents,
  STREET,
} from './fixture.js';

const FAR_STREET = '2101.210103.210103001';
const OTHER_STREET = `${DISTRICT}.210102002`;
const TEAM_NAME = 'KX社区老年志愿服务队';

/** Elderly volunteers (seed 002): a team, its volunteers' skills and trainings, their service hours and totals. */
describe('volunteers', () => {
  const ns = uniqueNamespace();
  const client = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-main' }));
  const otherClient = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-other' }));
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const farDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: OTHER_DISTRICT }));
  // The service's days are the city's (TIME_ZONE defaults to Asia/Shanghai).
  const today = localDay(new Date(), 'Asia/Shanghai');
  const yesterday = addDays(today, -1);
  const published = publishedOn(ns.topicPrefix);
  let service: RunningService;
  let api: ReturnType<typeof call>;
  let teamId: string;
  let capacityProgrammeId: string;

  const registerTeam = (key: string, body: object, auth = client) =>
    api.post('/volunteer-teams', body, { ...auth, 'Idempotency-Key': key });
  const programme = (key: string, instrument: string, auth = client) =>
    api.post(
      '/programmes',
      {
        title: '老年志愿者服务能力提升小组',
        theme: 'volunteer-capacity',
        theories: ['empowerment', 'strengths-perspective', 'social-support'],
        targetGroups: { eligibilityCategories: [], priorityGroups: [] },
        communityPath: COMMUNITY,
        plannedSessions: 8,
        minSessionsAttended: 6,
        facilitatorWorkerId: 'w-1',
        instrument,
      },
      { ...auth, 'Idempotency-Key': key },
    );
  const hours = (logId: string, body: object, auth = client) =>
    api.put(`/volunteer-teams/${teamId}/hours/${logId}`, body, auth);
  const totals = async (auth = client) =>
    (await api.get(`/volunteer-teams/${teamId}/hours/totals`, auth).expect(200)).body as {
      team: { minutes: number; logs: number };
      activities: { activity: string; minutes: number; logs: number }[];
      items: { residentId: string; minutes: number; logs: number }[];
    };

  /** Publishes an organisation's purchased-services events and waits until registering a team stops answering it unknown. */
  async function feedProvider(providerId: string, areas: string[], outside: string, auth: typeof client) {
    await feed(ns, providerEvents(ns.topicPrefix, providerId, areas), async (db) => {
      // A community outside its areas: never stores a team, and says `provider.unknown` until the copy exists.
      const probe = await registerTeam(
        `probe-${providerId}`,
        { name: 'probe', communityPath: outside },
        auth,
      );
      // Its worker (a programme's facilitator) comes on another partition: wait for it too.
      const worker = await db
        .collection<{ _id: string }>('worker_copies')
        .findOne({ _id: `${providerId}:w-1` });
      return probe.status === 422 && probe.body.code !== 'provider.unknown' && worker !== null;
    });
  }

  beforeAll(async () => {
    service = await startService(interventionsService, testConfig('interventions', ns));
    api = call(service.url);
    await feedProvider('p-main', [STREET], FAR_COMMUNITY, client);
    await feedProvider('p-other', [FAR_STREET], COMMUNITY, otherClient);
    const ev = residentsEvents(ns.topicPrefix);
    const ids = ['r-1', 'r-2', 'r-3', 'r-far', 'r-dead'];
    await feed(
      ns,
      [
        ev.registered('r-1', COMMUNITY),
        ev.registered('r-2', COMMUNITY),
        ev.registered('r-3', COMMUNITY),
        ev.registered('r-far', FAR_COMMUNITY),
        ev.registered('r-dead', COMMUNITY),
        ev.died('r-dead', COMMUNITY, '2026-01-05'),
      ],
      async (db) => {
        const copies = await db
          .collection<{ _id: string; alive: boolean }>('resident_copies')
          .find({ _id: { $in: ids } })
          .toArray();
        return copies.length === ids.length && copies.some((c) => c._id === 'r-dead' && !c.alive);
      },
    );
    capacityProgrammeId = (await programme('capacity', 'volunteer-service-capacity@1').expect(201)).body
      .programmeId as string;
  });

  afterAll(async () => {
    await service?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('registers a team once per Idempotency-Key: 201, then 200 the same, 409 another body', async () => {
    const body = { name: TEAM_NAME, communityPath: COMMUNITY, capacityProgrammeId };
    const created = await registerTeam('team-1', body).expect(201);
    expect(created.body).toMatchObject({
      providerId: 'p-main',
      communityPath: COMMUNITY,
      name: TEAM_NAME,
      capacityProgrammeId,
      revision: 1,
    });
    teamId = created.body.teamId as string;
    expect(teamId).toMatch(/^vt-[0-9a-f]{32}$/);

    const again = await registerTeam('team-1', body).expect(200);
    expect(again.body.teamId).toBe(teamId);
    const reused = await registerTeam('team-1', { ...body, name: 'another' }).expect(409);
    expect(reused.body.code).toBe('volunteer-team.idempotency-key-reused');
    expect(reused.headers['content-type']).toContain('application/problem+json');
    const noKey = await api.post('/volunteer-teams', body, client).expect(400);
    expect(noKey.body.code).toBe('volunteer-team.invalid-idempotency-key');

    const read = await api.get(`/volunteer-teams/${teamId}`, district).expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('keeps a team inside its organisation’s areas and its capacity programme the organisation’s own', async () => {
    const outside = await registerTeam('team-out', {
      name: 'x',
      communityPath: `${OTHER_STREET}.210102002001`,
    });
    expect([outside.status, outside.body.code]).toEqual([422, 'volunteer-team.outside-provider-areas']);

    const unknown = await registerTeam('team-pg-1', {
      name: 'x',
      communityPath: COMMUNITY,
      capacityProgrammeId: 'pg-nope',
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'capacity-programme.unknown']);

    const othersProgramme = await programme('far', 'volunteer-service-capacity@1', otherClient);
    // p-other works elsewhere: its programme in COMMUNITY is refused; register one where it works.
    expect(othersProgramme.status).toBe(422);
    const theirs = await api
      .post(
        '/programmes',
        {
          title: 't',
          theme: 'volunteer-capacity',
          theories: ['empowerment'],
          targetGroups: { eligibilityCategories: [], priorityGroups: [] },
          communityPath: FAR_COMMUNITY,
          plannedSessions: 8,
          minSessionsAttended: 6,
          facilitatorWorkerId: 'w-1',
          instrument: 'volunteer-service-capacity@1',
        },
        { ...otherClient, 'Idempotency-Key': 'theirs' },
      )
      .expect(201);
    const another = await registerTeam('team-pg-2', {
      name: 'x',
      communityPath: COMMUNITY,
      capacityProgrammeId: theirs.body.programmeId,
    });
    expect([another.status, another.body.code]).toEqual([422, 'capacity-programme.unknown']);

    const smartphone = await programme('smartphone', 'empowerment-smartphone@1').expect(201);
    const wrong = await registerTeam('team-pg-3', {
      name: 'x',
      communityPath: COMMUNITY,
      capacityProgrammeId: smartphone.body.programmeId,
    });
    expect([wrong.status, wrong.body.code]).toEqual([422, 'capacity-programme.wrong-instrument']);

    // Without a capacity programme: a team all the same.
    await registerTeam('team-2', { name: 'second', communityPath: STREET }).expect(201);
  });

  it('adds residents as volunteers, then replaces their skills and trainings when they learn', async () => {
    const url = (r: string) => `/volunteer-teams/${teamId}/volunteers/${r}`;
    const profile = {
      skills: ['phone-help', 'companionship'],
      trainings: [{ code: 'volunteering-basics', attendedOn: '2026-09-10' }],
    };
    const created = await api.put(url('r-1'), profile, client).expect(201);
    expect(created.body).toEqual({
      residentId: 'r-1',
      communityPath: COMMUNITY,
      skills: ['companionship', 'phone-help'],
      trainings: [{ code: 'volunteering-basics', attendedOn: '2026-09-10' }],
      revision: 1,
      minutes: 0,
      logs: 0,
    });
    // The same profile, in another order: unchanged.
    const same = await api
      .put(url('r-1'), { ...profile, skills: ['companionship', 'phone-help', 'companionship'] }, client)
      .expect(200);
    expect(same.body.revision).toBe(1);
    const learnt = await api
      .put(
        url('r-1'),
        {
          skills: ['phone-help', 'companionship', 'first-aid'],
          trainings: [...profile.trainings, { code: 'first-aid', attendedOn: '2026-10-15' }],
        },
        client,
      )
      .expect(200);
    expect(learnt.body).toMatchObject({ skills: ['companionship', 'first-aid', 'phone-help'], revision: 2 });
    expect(learnt.body.trainings).toHaveLength(2);
    await api.put(url('r-2'), { skills: ['patrol', 'haircut'], trainings: [] }, client).expect(201);

    const unknown = await api.put(url('r-nobody'), profile, client);
    expect([unknown.status, unknown.body.code, unknown.body.retryable]).toEqual([
      422,
      'resident.unknown',
      true,
    ]);
    const far = await api.put(url('r-far'), profile, client);
    expect([far.status, far.body.code]).toEqual([422, 'resident.outside-area']);
    const dead = await api.put(url('r-dead'), profile, client);
    expect([dead.status, dead.body.code]).toEqual([422, 'resident.deceased']);
    const future = await api.put(
      url('r-3'),
      { skills: [], trainings: [{ code: 'first-aid', attendedOn: addDays(today, 2) }] },
      client,
    );
    expect(future.status).toBe(400);
    expect((await api.put(url('r-3'), { skills: ['Not Kebab'], trainings: [] }, client)).status).toBe(400);

    const list = await api.get(`/volunteer-teams/${teamId}/volunteers`, district).expect(200);
    expect(list.body.items.map((v: { residentId: string }) => v.residentId)).toEqual(['r-1', 'r-2']);
  });

  it('logs hours once per logId: the same log again is 200 and counts once, other facts 409', async () => {
    const log = { residentId: 'r-1', activity: 'companionship', servedOn: yesterday, minutes: 90 };
    const created = await hours('log-1', log).expect(201);
    expect(created.body).toEqual({ logId: 'log-1', ...log });
    const before = await totals();
    expect(before.team).toEqual({ minutes: 90, logs: 1 });

    await hours('log-1', log).expect(200);
    expect(await totals()).toEqual(before);
    const other = await hours('log-1', { ...log, minutes: 120 }).expect(409);
    expect(other.body.code).toBe('volunteer-hours.exists');
    expect((await hours('log-1', { ...log, activity: 'patrol' })).status).toBe(409);
    expect(await totals()).toEqual(before);
  });

  it('refuses hours of a non-volunteer, a future day, a day over 90 days back and minutes out of 1..1440', async () => {
    const log = { residentId: 'r-2', activity: 'patrol', servedOn: yesterday, minutes: 60 };
    const stranger = await hours('bad-1', { ...log, residentId: 'r-3' });
    expect([stranger.status, stranger.body.code]).toEqual([422, 'volunteer-hours.not-a-volunteer']);
    const future = await hours('bad-2', { ...log, servedOn: addDays(today, 1) }).expect(400);
    expect(future.body.errors).toEqual([{ field: 'servedOn', message: 'not in the future' }]);
    const old = await hours('bad-3', { ...log, servedOn: addDays(today, -95) }).expect(400);
    expect(old.body.errors[0].field).toBe('servedOn');
    for (const minutes of [0, 1441, 1.5]) await hours('bad-4', { ...log, minutes }).expect(400);
    await hours('bad-5', { ...log, activity: 'Patrol!' }).expect(400);
    expect((await totals()).team).toEqual({ minutes: 90, logs: 1 });
  });

  it('totals per volunteer, per activity and for the team, exactly', async () => {
    const logs: [string, string, string, number][] = [
      ['log-2', 'r-1', 'phone-help', 45],
      ['log-3', 'r-1', 'companionship', 30],
      ['log-4', 'r-2', 'patrol', 120],
      ['log-5', 'r-2', 'haircut', 40],
      ['log-6', 'r-2', 'patrol', 1440],
    ];
    for (const [logId, residentId, activity, minutes] of logs)
      await hours(logId, { residentId, activity, servedOn: addDays(today, -10), minutes }).expect(201);
    // r-3 joins without hours yet: a zero line.
    await api
      .put(`/volunteer-teams/${teamId}/volunteers/r-3`, { skills: [], trainings: [] }, client)
      .expect(201);

    const expected = {
      teamId,
      team: { minutes: 90 + 45 + 30 + 120 + 40 + 1440, logs: 6 },
      activities: [
        { activity: 'companionship', minutes: 120, logs: 2 },
        { activity: 'haircut', minutes: 40, logs: 1 },
        { activity: 'patrol', minutes: 1560, logs: 2 },
        { activity: 'phone-help', minutes: 45, logs: 1 },
      ],
      items: [
        { residentId: 'r-1', minutes: 165, logs: 3 },
        { residentId: 'r-2', minutes: 1600, logs: 3 },
        { residentId: 'r-3', minutes: 0, logs: 0 },
      ],
    };
    expect(await totals()).toEqual(expected);
    expect(await totals(district)).toEqual(expected);

    const list = await api.get(`/volunteer-teams/${teamId}/volunteers`, client).expect(200);
    expect(
      list.body.items.map((v: { residentId: string; minutes: number; logs: number }) => [
        v.residentId,
        v.minutes,
        v.logs,
      ]),
    ).toEqual([
      ['r-1', 165, 3],
      ['r-2', 1600, 3],
      ['r-3', 0, 0],
    ]);
  });

  it('shows a team to its organisation and the staff above its community only', async () => {
    for (const auth of [otherClient, farDistrict]) {
      await api.get(`/volunteer-teams/${teamId}`, auth).expect(404);
      await api.get(`/volunteer-teams/${teamId}/volunteers`, auth).expect(404);
      await api.get(`/volunteer-teams/${teamId}/hours/totals`, auth).expect(404);
      expect((await api.get('/volunteer-teams', auth).expect(200)).body.items).toEqual([]);
    }
    const notFound = await api.get(`/volunteer-teams/${teamId}`, otherClient).expect(404);
    expect(notFound.body.code).toBe('volunteer-team.not-found');
    // Another organisation cannot write to it either, and staff never write.
    const log = { residentId: 'r-1', activity: 'patrol', servedOn: yesterday, minutes: 30 };
    await hours('intruder', log, otherClient).expect(404);
    await api
      .put(`/volunteer-teams/${teamId}/volunteers/r-2`, { skills: [], trainings: [] }, otherClient)
      .expect(404);
    await hours('staff', log, district).expect(403);

    const mine = await api.get('/volunteer-teams?limit=1', client).expect(200);
    expect(mine.body.items).toHaveLength(1);
    const rest = await api
      .get(`/volunteer-teams?limit=1&after=${mine.body.next as string}`, client)
      .expect(200);
    expect(rest.body.items).toHaveLength(1);
    const all = [...mine.body.items, ...rest.body.items].map((t: { teamId: string }) => t.teamId);
    expect(all).toContain(teamId);
    expect((await api.get('/volunteer-teams', district).expect(200)).body.items).toHaveLength(2);
  });

  it('publishes volunteer.hours-logged once per log, with codes and ids and no name', async () => {
    const logIds = ['log-1', 'log-2', 'log-3', 'log-4', 'log-5', 'log-6'];
    const events = await published(
      (all) => all.filter((e) => e.type === 'volunteer.hours-logged').length >= logIds.length,
    );
    const logged = events.filter((e) => e.type === 'volunteer.hours-logged');
    expect(logged.map((e) => e.subject).sort()).toEqual(logIds.map((l) => `${teamId}:${l}`));
    expect(logged.find((e) => e.subject === `${teamId}:log-1`)?.payload).toEqual({
      teamId,
      providerId: 'p-main',
      residentId: 'r-1',
      logId: 'log-1',
      activity: 'companionship',
      servedOn: yesterday,
      minutes: 90,
    });
    expect(JSON.stringify(events)).not.toContain(TEAM_NAME);
  });
});

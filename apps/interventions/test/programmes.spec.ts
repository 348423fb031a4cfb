import {
  bearer,
  dropDatabases,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { localDay } from '#anlao/platform';
import { interventionsService } from '../src/interventions.module.js';
import { findShippedInstrument } from '../src/instruments/index.js';
import { pairedOutcome } from '../src/outcomes/statistics/index.js';
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

const INSTRUMENT = 'empowerment-smartphone@1';
const instrument = findShippedInstrument(INSTRUMENT);
if (!instrument) throw new Error(`${INSTRUMENT} is not shipped`);

/** Answers whose every dimension mean is `level`: plain items answered `level`, reversed ones 6 − level. */
function answersAt(levels: Record<string, number>): Record<string, number> {
  const answers: Record<string, number> = {};
  for (const d of instrument?.dimensions ?? [])
    for (const item of d.items)
      answers[item.code] = item.reverse ? 6 - (levels[d.code] ?? 3) : (levels[d.code] ?? 3);
  return answers;
}

/** A six-session smartphone programme for rural elders (seed 000): members, attendance, pre/post, outcome. */
describe('programmes', () => {
  const ns = uniqueNamespace();
  const org = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-m' }));
  const otherOrg = bearer(tokenFor({ role: 'organisation-client', organisationId: 'p-other' }));
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const farStaff = bearer(tokenFor({ role: 'district-staff', orgUnit: OTHER_DISTRICT }));
  const members = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6', 'r-7', 'r-8'];
  const published = publishedOn(ns.topicPrefix);
  const today = localDay(new Date(), 'Asia/Shanghai');
  let service: RunningService;
  let api: ReturnType<typeof call>;
  let programmeId: string;
  const body = {
    title: '数字抗疫智能手机学习小组',
    theme: 'smartphone-skills',
    theories: ['empowerment'],
    targetGroups: { eligibilityCategories: [], priorityGroups: ['rural-hukou'] },
    communityPath: COMMUNITY,
    plannedSessions: 6,
    minSessionsAttended: 5,
    facilitatorWorkerId: 'w-1',
    instrument: INSTRUMENT,
  };
  const register = (key: string, payload: object = body, auth = org) =>
    api.post('/programmes', payload, { ...auth, 'Idempotency-Key': key });

  beforeAll(async () => {
    service = await startService(interventionsService, testConfig('interventions', ns));
    api = call(service.url);
    const ev = residentsEvents(ns.topicPrefix);
    await feed(
      ns,
      [
        ...members.map((id) => ev.registered(id, COMMUNITY)),
        ev.registered('r-far', FAR_COMMUNITY),
        ev.registered('r-dead', COMMUNITY),
        ev.died('r-dead', COMMUNITY, '2026-01-02'),
        ...providerEvents(ns.topicPrefix, 'p-m', [STREET]),
      ],
      async (db) =>
        (await db.collection('resident_copies').countDocuments()) === members.length + 2 &&
        (await db.collection('worker_copies').countDocuments()) === 1,
    );
  });

  afterAll(async () => {
    await service?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('registers a programme once per Idempotency-Key, checked against the organisation’s places and staff', async () => {
    const created = await register('smartphone-2026').expect(201);
    programmeId = created.body.programmeId as string;
    expect(created.body).toMatchObject({ providerId: 'p-m', status: 'planned', plannedSessions: 6 });
    expect((await register('smartphone-2026').expect(200)).body.programmeId).toBe(programmeId);
    expect((await register('smartphone-2026', { ...body, title: 'other' }).expect(409)).body.code).toBe(
      'programme.idempotency-key-reused',
    );
    const outside = await register('far', { ...body, communityPath: FAR_COMMUNITY }).expect(422);
    expect(outside.body.code).toBe('programme.outside-provider-areas');
    const noWorker = await register('nw', { ...body, facilitatorWorkerId: 'w-9' }).expect(422);
    expect([noWorker.body.code, noWorker.body.retryable]).toEqual(['facilitator.unknown', true]);
    const unknownOrg = await register('uo', body, otherOrg).expect(422);
    expect([unknownOrg.body.code, unknownOrg.body.retryable]).toEqual(['provider.unknown', true]);
    const bad = await register('bad', {
      ...body,
      minSessionsAttended: 7,
      instrument: 'nope@1',
      theories: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    await api.post('/programmes', body, org).expect(400);
    await api.post('/programmes', body, { ...district, 'Idempotency-Key': 'staff' }).expect(403);
  });

  it('enrols living residents of its community, once, and refuses the rest', async () => {
    for (const id of members) await api.put(`/programmes/${programmeId}/members/${id}`, {}, org).expect(201);
    await api.put(`/programmes/${programmeId}/members/r-1`, {}, org).expect(200);
    const refusals = await Promise.all(
      ['r-far', 'r-dead', 'r-none'].map(
        async (id) =>
          (await api.put(`/programmes/${programmeId}/members/${id}`, {}, org)).body.code as string,
      ),
    );
    expect(refusals).toEqual(['resident.outside-area', 'resident.deceased', 'resident.unknown']);
    await api.put(`/programmes/${programmeId}/members/r-1`, {}, otherOrg).expect(404);
    await api
      .post(`/programmes/${programmeId}/members/r-8/withdraw`, { reason: 'ill-health' }, org)
      .expect(200);
    await api.post(`/programmes/${programmeId}/members/r-8/withdraw`, { reason: 'bored' }, org).expect(400);
  });

  it('records six sessions with attendance; the first starts the programme; strangers are refused', async () => {
    const present = [
      members.slice(0, 7),
      members.slice(0, 7),
      members.slice(0, 6),
      members.slice(0, 4),
      members.slice(0, 7),
      ['r-1', 'r-2', 'r-3', 'r-4', 'r-6', 'r-7'],
    ];
    // A withdrawn member and a resident who never joined are not attendees; nothing is stored.
    const strangers = await api.put(
      `/programmes/${programmeId}/sessions/6`,
      { heldOn: today, topic: 't', attendeeIds: ['r-1', 'r-8', 'r-far'] },
      org,
    );
    expect([strangers.status, strangers.body.code, strangers.body.errors.length]).toEqual([
      422,
      'session.attendee-not-member',
      2,
    ]);
    for (const [i, attendeeIds] of present.entries()) {
      const session = { heldOn: today, topic: `第${i + 1}次活动`, attendeeIds, notes: '组员互助学习扫码' };
      await api.put(`/programmes/${programmeId}/sessions/${i + 1}`, session, org).expect(201);
      if (i === 0) {
        await api.put(`/programmes/${programmeId}/sessions/1`, session, org).expect(200);
        expect(
          (await api.put(`/programmes/${programmeId}/sessions/1`, { ...session, topic: 'x' }, org)).body.code,
        ).toBe('session.exists');
        expect((await api.get(`/programmes/${programmeId}`, org).expect(200)).body.status).toBe('running');
      }
    }
    const seventh = await api.put(
      `/programmes/${programmeId}/sessions/7`,
      { heldOn: today, topic: 't', attendeeIds: [] },
      org,
    );
    expect(seventh.status).toBe(400);
    const listed = await api.get(`/programmes/${programmeId}/members`, district).expect(200);
    const byId = Object.fromEntries(
      (listed.body.items as { residentId: string; attended: number; completing: boolean }[]).map((m) => [
        m.residentId,
        m,
      ]),
    );
    // 5 of 6 completes: r-6 attended 5, r-5 and r-7 4; r-8 withdrew.
    expect(byId['r-1']).toMatchObject({ attended: 6, completing: true });
    expect(byId['r-5']).toMatchObject({ attended: 4, completing: false });
    expect(byId['r-6']).toMatchObject({ attended: 5, completing: true });
    const sessions = await api.get(`/programmes/${programmeId}/sessions`, district).expect(200);
    expect(sessions.body.items[0].notes).toBeNull();
    expect((await api.get(`/programmes/${programmeId}/sessions`, org).expect(200)).body.items[0].notes).toBe(
      '组员互助学习扫码',
    );
  });

  it('records pre and post answers, naming every missing or wrong item, and reports the paired outcome', async () => {
    const pre = [2, 2, 3, 2, 3, 2, 2];
    const post = [4, 3, 4, 3, 4, 4, 3];
    const put = (id: string, phase: string, answers: object) =>
      api.put(`/programmes/${programmeId}/assessments/${id}/${phase}`, { assessedOn: today, answers }, org);
    const incomplete = answersAt({});
    delete incomplete['info-2'];
    const rejected = await put('r-1', 'pre', { ...incomplete, 'act-1': 6 });
    expect(rejected.status).toBe(400);
    expect(rejected.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'answers.info-2', message: 'missing' },
        { field: 'answers.act-1', message: 'out-of-range' },
      ]),
    );
    for (const [i, id] of members.slice(0, 6).entries())
      await put(id, 'pre', answersAt({ information: pre[i] ?? 3, action: 3 })).expect(201);
    await put('r-1', 'pre', answersAt({ information: 2, action: 3 })).expect(200);
    expect((await put('r-1', 'pre', answersAt({ information: 5 }))).body.code).toBe('assessment.exists');
    for (const [i, id] of members.slice(0, 7).entries())
      await put(id, 'post', answersAt({ information: post[i] ?? 3, action: 3 })).expect(201);

    const report = (await api.get(`/programmes/${programmeId}/outcome`, district).expect(200)).body;
    // r-7 has a post without a pre; r-8 withdrew before being assessed.
    expect(report).toMatchObject({
      members: 8,
      withdrawn: 1,
      paired: 6,
      completing: 5,
      leftOut: { postWithoutPre: 1, preWithoutPost: 0, withdrawn: 0 },
    });
    const information = report.dimensions.find((d: { code: string }) => d.code === 'information');
    expect(JSON.parse(JSON.stringify(information.outcome))).toEqual(
      JSON.parse(JSON.stringify(pairedOutcome(pre.slice(0, 6), post.slice(0, 6)))),
    );
    // Pre mean 14/6 = 2.33 (qualified), post 22/6 = 3.67 (good).
    expect(information.outcome.levels).toEqual({ pre: 'qualified', post: 'good' });
    const action = report.dimensions.find((d: { code: string }) => d.code === 'action');
    expect(action.outcome.meanChange).toBe(0);
    expect(action.outcome.wilcoxonNullReason).toBe('all-differences-zero');
    expect(report.methods).toContain('scipy.stats.wilcoxon');
  });

  it('submits the completed programme’s outcome once: aggregate figures, never an answer or a name', async () => {
    const early = await api.post(`/programmes/${programmeId}/outcome/submit`, {}, org).expect(409);
    expect(early.body).toMatchObject({ code: 'programme.not-completed', currentState: 'running' });
    await api.post(`/programmes/${programmeId}/status`, { status: 'completed' }, org).expect(200);
    expect(
      (await api.post(`/programmes/${programmeId}/status`, { status: 'running' }, org).expect(409)).body
        .currentState,
    ).toBe('completed');
    expect(
      (await api.post(`/programmes/${programmeId}/outcome/submit`, {}, org).expect(200)).body.published,
    ).toBe(true);
    expect(
      (await api.post(`/programmes/${programmeId}/outcome/submit`, {}, org).expect(200)).body.published,
    ).toBe(false);
    await api.put(`/programmes/${programmeId}/members/r-9`, {}, org).expect(409);
    const events = await published((all) => all.some((e) => e.type === 'outcome.submitted'));
    expect(events.filter((e) => e.type === 'outcome.submitted')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'member.enrolled')).toHaveLength(8);
    expect(events.filter((e) => e.type === 'session.held')).toHaveLength(6);
    expect(events.filter((e) => e.type === 'assessment.recorded')).toHaveLength(13);
    const text = JSON.stringify(events);
    expect(text).not.toContain('数字抗疫');
    expect(text).not.toContain('组员互助');
    expect(text).not.toContain('"info-1"');
    const csv = await api.get(`/programmes/${programmeId}/outcome/export.csv`, district).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[1]).toMatch(/^information,/);
    const xlsx = await api
      .get(`/programmes/${programmeId}/outcome/export.xlsx`, district)
      .buffer(true)
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('hides a programme from another organisation and from staff of another unit', async () => {
    for (const path of ['', '/members', '/sessions', '/outcome', '/outcome/export.csv'])
      for (const auth of [otherOrg, farStaff])
        await api.get(`/programmes/${programmeId}${path}`, auth).expect(404);
    await api.get(`/programmes/${programmeId}/assessments`, otherOrg).expect(404);
    await api.post(`/programmes/${programmeId}/outcome/submit`, {}, otherOrg).expect(404);
    expect((await api.get('/programmes', otherOrg).expect(200)).body.items).toEqual([]);
    expect((await api.get('/programmes', farStaff).expect(200)).body.items).toEqual([]);
    expect(
      (await api.get('/programmes', district).expect(200)).body.items.map(
        (p: { programmeId: string }) => p.programmeId,
      ),
    ).toEqual([programmeId]);
  });
});

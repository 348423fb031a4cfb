import request from 'supertest';
import { createEvent, type AnyEvent, type EventEnvelope, type PayloadOf } from '#anlao/events';
import { topicOffsets } from '#anlao/messaging';
import { bearer, eventually, testKafka, tokenFor } from '#anlao/testing';
import { analyticsSuite, readBinary } from './analytics-suite.js';

const DISTRICT = '2101.210102';
const STREET = `${DISTRICT}.210102001`;
const C1 = `${STREET}.210102001001`;
const C2 = `${STREET}.210102001002`;
const OTHER_DISTRICT = '2101.210103';
const RANGE = { unit: STREET, from: '2026-03', to: '2026-04' };

const at = (day: string) => new Date(`${day}T02:00:00.000Z`);
const ev = <T extends AnyEvent['type']>(
  type: T,
  subject: string,
  orgUnit: string,
  day: string,
  payload: PayloadOf<T>,
) =>
  createEvent({
    type,
    source: 'interventions',
    subject,
    orgUnit,
    correlationId: 'iv-test',
    occurredAt: at(day),
    payload,
  });

interface Plan {
  id: string;
  provider: string;
  path: string;
  theme: string;
  theories: PayloadOf<'programme.registered'>['theories'];
  members: string[];
  sessions: [string, number][];
}
const A: Plan = {
  id: 'pg-a',
  provider: 'org-a',
  path: C1,
  theme: 'smartphone-use',
  theories: ['empowerment', 'social-support'],
  members: Array.from({ length: 10 }, (_, i) => `a-${i}`),
  // heldOn, how many of the members attended (the first n)
  sessions: [
    ['2026-03-10', 9],
    ['2026-03-17', 8],
    ['2026-03-24', 9],
    ['2026-04-07', 9],
    ['2026-04-14', 7],
    ['2026-04-21', 9],
  ],
};
const B: Plan = {
  id: 'pg-b',
  provider: 'org-b',
  path: C2,
  theme: 'volunteer-capacity',
  theories: ['strengths-perspective'],
  members: ['b-0', 'b-1', 'b-2', 'b-3'],
  sessions: [
    ['2026-04-08', 4],
    ['2026-04-15', 3],
  ],
};

const programmeEvents = (p: Plan, start: string) => [
  ev('programme.registered', p.id, p.path, start, {
    programmeId: p.id,
    providerId: p.provider,
    contractId: null,
    communityPath: p.path,
    theme: p.theme,
    theories: p.theories,
    targetGroups: { eligibilityCategories: [], priorityGroups: [] },
    plannedSessions: p.sessions.length,
    facilitatorWorkerId: 'w-1',
    instrument: 'smartphone-adaptation@1',
    minSessionsAttended: 5,
  }),
  ev('programme.status-changed', p.id, p.path, start, {
    programmeId: p.id,
    providerId: p.provider,
    from: 'planned',
    to: 'running',
  }),
  ...p.members.map((residentId) =>
    ev('member.enrolled', `${p.id}:${residentId}`, p.path, start, {
      programmeId: p.id,
      providerId: p.provider,
      residentId,
      communityPath: p.path,
    }),
  ),
  ...p.sessions.map(([heldOn, n], i) =>
    ev('session.held', `${p.id}:${i + 1}`, p.path, heldOn, {
      programmeId: p.id,
      providerId: p.provider,
      sessionNo: i + 1,
      heldOn,
      facilitatorWorkerId: 'w-1',
      attendeeIds: p.members.slice(0, n),
      enrolled: p.members.length,
    }),
  ),
];
const outcome = (day: string, completing: number) =>
  ev('outcome.submitted', A.id, A.path, day, {
    programmeId: A.id,
    providerId: A.provider,
    communityPath: A.path,
    theme: A.theme,
    theories: A.theories,
    instrument: 'smartphone-adaptation@1',
    members: 10,
    completing,
    paired: 9,
    leftOut: { postWithoutPre: 0, preWithoutPost: 0, withdrawn: 1 },
    dimensions: [
      ['internet-adaptation', 0.62, 0.004],
      ['social-participation', 0.11, 0.31],
    ].map(([code, meanChange, p]) => ({
      code: code as string,
      n: 9,
      preMean: 2.6,
      postMean: 2.6 + (meanChange as number),
      meanChange: meanChange as number,
      ciLow: null,
      ciHigh: null,
      t: null,
      df: 8,
      tTestP: p as number,
      wilcoxonStatistic: null,
      wilcoxonP: p as number,
      wilcoxonMethod: 'exact' as const,
      cohensDz: null,
      preBand: 'qualified',
      postBand: 'good',
    })),
  });
const hours = (teamId: string, path: string, logId: string, servedOn: string, minutes: number) =>
  ev('volunteer.hours-logged', `${teamId}:${logId}`, path, servedOn, {
    teamId,
    providerId: 'org-a',
    residentId: 'v-1',
    logId,
    activity: 'home-visiting',
    servedOn,
    minutes,
  });

/** The street's figures recomputed from the events sent (each envelope once; the latest outcome). */
function expected(sent: readonly EventEnvelope[]) {
  const unique = [...new Map(sent.map((e) => [e.id, e as AnyEvent])).values()];
  const of = <T extends AnyEvent['type']>(type: T) =>
    unique.filter((e): e is Extract<AnyEvent, { type: T }> => e.type === type);
  const latest = of('outcome.submitted')
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .at(-1)?.payload;
  const sessions = of('session.held');
  return {
    enrolled: new Set(of('member.enrolled').map((e) => `${e.payload.programmeId}:${e.payload.residentId}`))
      .size,
    sessions: sessions.length,
    attendances: sessions.reduce((n, e) => n + e.payload.attendeeIds.length, 0),
    completing: latest?.completing,
    members: latest?.members,
    hours: of('volunteer.hours-logged').reduce((n, e) => n + e.payload.minutes, 0) / 60,
    logs: of('volunteer.hours-logged').length,
  };
}

/**
 * Interventions reports end to end inside analytics: real events on the real broker (two partitions:
 * a programme's sessions and members may arrive before it), read through the report API; every
 * expected figure is recomputed here from the events sent.
 */
describe('interventions reports', () => {
  const analytics = analyticsSuite({ SUPPRESSION_THRESHOLD: '5' }, 'analytics-interventions-test');
  const { ns } = analytics;
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: DISTRICT }));
  const otherDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: OTHER_DISTRICT }));
  const orgA = bearer(tokenFor({ role: 'organisation-client', organisationId: 'org-a' }));
  const orgB = bearer(tokenFor({ role: 'organisation-client', organisationId: 'org-b' }));
  const sent: EventEnvelope[] = [];
  const publish = async (events: EventEnvelope[]) => {
    sent.push(...events);
    await analytics.publish(events);
  };
  /** Until the lane has committed every message of the topic (so each one was applied). */
  const caughtUp = async () => {
    const admin = testKafka().admin();
    await admin.connect();
    const topic = `${ns.topicPrefix}anlao.interventions.v1`;
    try {
      await eventually(
        async () => {
          const ends = await topicOffsets(admin, topic);
          const [group] = await admin.fetchOffsets({
            groupId: `${ns.topicPrefix}analytics.interventions`,
            topics: [topic],
          });
          return ends.every(
            (p) => group?.partitions.find((g) => g.partition === p.partition)?.offset === String(p.high),
          );
        },
        (done) => done,
        30_000,
      );
    } finally {
      await admin.disconnect();
    }
  };
  const report = (query: Record<string, string> = RANGE, auth = district) =>
    request(analytics.url).get('/intervention-reports').set(auth).query(query);

  it('counts programmes, members, sessions, outcomes and volunteer hours once each, by theme and theory', async () => {
    const completed = ev('programme.status-changed', A.id, A.path, '2026-04-28', {
      programmeId: A.id,
      providerId: A.provider,
      from: 'running',
      to: 'completed',
    });
    await publish([
      ...programmeEvents(A, '2026-03-02'),
      ...programmeEvents(B, '2026-03-05'),
      ev('member.withdrawn', `${A.id}:a-9`, A.path, '2026-04-01', {
        programmeId: A.id,
        providerId: A.provider,
        residentId: 'a-9',
        reason: 'ill-health',
      }),
      completed,
      outcome('2026-04-29', 7),
      outcome('2026-05-02', 8),
      hours('t-1', C1, 'l-1', '2026-03-20', 90),
      hours('t-1', C1, 'l-2', '2026-04-20', 120),
      hours('t-2', C2, 'l-3', '2026-04-22', 45),
    ]);
    await caughtUp();
    // Redelivered envelopes (a session, an enrolment, an hours log, the outcome) and an older outcome
    // resubmission arriving late: none of them changes a figure.
    const redelivered = sent.filter(
      (e) => ['pg-a:1', 'pg-b:b-0', 't-1:l-2'].includes(e.subject) || e.type === 'outcome.submitted',
    );
    await publish([...redelivered, outcome('2026-04-30', 6)]);
    await caughtUp();

    const want = expected(sent);
    const res = await report().expect(200);
    const unit = res.body.unit;
    expect(unit.programmes).toEqual({ registered: 2, started: 2, active: 3, completed: 1, cancelled: 0 });
    expect(unit.members.enrolled).toBe(want.enrolled);
    expect(unit.sessions).toMatchObject({ held: want.sessions, attendances: want.attendances });
    expect(unit.outcomes).toMatchObject({ submitted: 1, members: want.members, completing: want.completing });
    expect(unit.outcomes.completionRate).toBe(0.8);
    expect(unit.outcomes).toMatchObject({ dimensions: 2, improved: 1 });
    expect(unit.volunteers).toEqual({ hours: want.hours, logs: want.logs });
    expect([want.enrolled, want.attendances, want.completing, want.hours]).toEqual([14, 58, 8, 4.25]);
    // One withdrawal is a small count, alone in its column: hidden, total included.
    expect(unit.members.withdrawn).toBeNull();

    const byTheme = new Map(res.body.themes.map((t: { key: string }) => [t.key, t]));
    expect(byTheme.get(A.theme)).toMatchObject({
      outcomes: { members: 10, completing: 8 },
      sessions: { held: 6 },
    });
    expect(byTheme.get(B.theme)).toMatchObject({
      members: { enrolled: null },
      sessions: { held: 2, attendances: 7 },
    });
    expect(res.body.theories.map((t: { key: string }) => t.key)).toEqual([
      'empowerment',
      'social-support',
      'strengths-perspective',
    ]);
  });

  it('drills down to the communities, suppressing small counts of people complementarily', async () => {
    const res = await report().expect(200);
    const byPath = new Map(res.body.children.map((c: { path: string }) => [c.path, c]));
    // B's 4 members are under 5; A's 10 go too, or 14 − 10 would give them away.
    expect(byPath.get(C2)).toMatchObject({
      members: { enrolled: null },
      volunteers: { hours: 0.75, logs: 1 },
    });
    expect(byPath.get(C1)).toMatchObject({
      members: { enrolled: null },
      sessions: { held: 6 },
      outcomes: { completing: 8 },
    });
    // The district sees the same through its one street; March alone holds A's first sessions only.
    const march = await report({ unit: DISTRICT, from: '2026-03', to: '2026-03' }).expect(200);
    expect(march.body.unit.sessions).toMatchObject({ held: 3, attendances: 26 });
    expect(march.body.unit.outcomes.submitted).toBe(0);
    expect(march.body.children.map((c: { path: string }) => c.path)).toEqual([STREET]);
  });

  it('lists each programme’s submitted outcome with its changes and significance, scoped to the caller', async () => {
    const res = await request(analytics.url)
      .get('/intervention-reports/outcomes')
      .set(district)
      .query({ unit: STREET })
      .expect(200);
    expect(res.body.items).toHaveLength(1);
    const [item] = res.body.items;
    expect(item).toMatchObject({
      programmeId: A.id,
      completing: 8,
      members: 10,
      completionRate: 0.8,
      status: 'completed',
    });
    expect(
      item.dimensions.map((d: { code: string; significant: boolean; improved: boolean }) => [
        d.code,
        d.significant,
        d.improved,
      ]),
    ).toEqual([
      ['internet-adaptation', true, true],
      ['social-participation', false, false],
    ]);
    expect(item.dimensions[0]).toMatchObject({ preBand: 'qualified', postBand: 'good' });
    const none = await request(analytics.url)
      .get('/intervention-reports/outcomes')
      .set(district)
      .query({ unit: STREET, theme: B.theme });
    expect(none.body.items).toEqual([]);
    const own = await request(analytics.url).get('/intervention-reports/outcomes').set(orgA).expect(200);
    expect(own.body.items.map((i: { programmeId: string }) => i.programmeId)).toEqual([A.id]);
    const other = await request(analytics.url).get('/intervention-reports/outcomes').set(orgB).expect(200);
    expect(other.body.items).toEqual([]);
    await report(RANGE, orgA).expect(403);
  });

  it('keeps another district out, refuses bad input naming the field, and exports CSV and Excel', async () => {
    for (const path of ['/intervention-reports', '/intervention-reports/outcomes']) {
      const refused = await request(analytics.url)
        .get(path)
        .set(otherDistrict)
        .query({ unit: STREET })
        .expect(404);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.code).toBe('org-unit.not-found');
    }
    const bad = await report({ unit: STREET, from: '2026-13' }).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('from');
    const long = await report({ unit: STREET, from: '2024-01', to: '2026-04' }).expect(400);
    expect(long.body.code).toBe('range.invalid');
    await request(analytics.url)
      .get('/intervention-reports/outcomes')
      .set(district)
      .query({ theme: 'Not A Code' })
      .expect(400);

    const csv = await request(analytics.url)
      .get('/intervention-reports/export.csv')
      .set(district)
      .query(RANGE)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]?.startsWith('section,key,name,level,programmes_registered')).toBe(true);
    expect(lines[1]?.startsWith(`unit,${STREET},,,2,2,3,1,0,14,,8,58,`)).toBe(true);
    const outcomesCsv = await request(analytics.url)
      .get('/intervention-reports/outcomes/export.csv')
      .set(district)
      .query({ unit: STREET })
      .expect(200);
    expect(outcomesCsv.text.trim().split('\r\n')).toHaveLength(3);
    for (const path of ['/intervention-reports/export.xlsx', '/intervention-reports/outcomes/export.xlsx']) {
      const xlsx = await readBinary(
        request(analytics.url).get(path).set(district).query({ unit: STREET }),
      ).expect(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('describes every route and its query in the OpenAPI document (the gateway merges it, the fuzzer reads it)', async () => {
    const doc = await request(analytics.url).get('/docs/openapi.json').expect(200);
    const paths = Object.keys(doc.body.paths as object).filter((p) => p.startsWith('/intervention-reports'));
    expect(paths.sort()).toEqual([
      '/intervention-reports',
      '/intervention-reports/export.csv',
      '/intervention-reports/export.xlsx',
      '/intervention-reports/outcomes',
      '/intervention-reports/outcomes/export.csv',
      '/intervention-reports/outcomes/export.xlsx',
    ]);
    const params = (path: string) =>
      (doc.body.paths[path].get.parameters as { name: string }[]).map((p) => p.name).sort();
    expect(params('/intervention-reports')).toEqual(['from', 'to', 'unit']);
    expect(params('/intervention-reports/outcomes')).toEqual(['after', 'limit', 'theme', 'unit']);
  });

  it('keeps no list of event ids on a counter', async () => {
    const counter = await analytics
      .db()
      .collection('intervention_counters')
      .findOne({ _id: `${STREET}:2026-04` as never });
    expect(Object.keys(counter ?? {}).sort()).toEqual([
      '_id',
      'all',
      'month',
      'parentMonth',
      'seq',
      'theme',
      'theory',
      'unit',
      'volunteers',
    ]);
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import { residentsService } from '../apps/residents/src/residents.module.js';
import { ResidentsConfigSchema } from '../apps/residents/src/residents.config.js';
import { purchasedServicesService } from '../apps/purchased-services/src/purchased-services.module.js';
import { interventionsService } from '../apps/interventions/src/interventions.module.js';
import { createStaffAccount } from '../apps/gateway/src/identity/account.usecases.js';
import { CredentialsRepository } from '../apps/gateway/src/identity/credentials.repository.js';
import { nationalId, ORG_UNITS_CSV, personFixture } from '../apps/residents/test/fixtures.js';
import { CREDIT_CODES, provider } from '../apps/purchased-services/test/fixture.js';
import { addDays, localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  eventually,
  startService,
  testConfig,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

/** An instrument as `GET /instruments/{code@version}` shows it (the parts a questionnaire needs). */
interface InstrumentBody {
  code: string;
  version: number;
  dimensions: {
    code: string;
    title: { zh: string; en: string };
    items: { code: string; reverse: boolean }[];
  }[];
}

interface MemberBody {
  residentId: string;
  status: 'enrolled' | 'withdrawn';
  withdrawReason: string | null;
  attended: number;
  completing: boolean;
}

interface Descriptives {
  mean: number | null;
  median: number | null;
  sd: number | null;
}

interface DimensionOutcome {
  code: string;
  title: { zh: string; en: string };
  outcome: {
    n: number;
    pre: Descriptives;
    post: Descriptives;
    meanChange: number | null;
    meanChangeCi95: { level: number; lower: number; upper: number } | null;
    tTest: { t: number; df: number; p: number } | null;
    wilcoxon: { statistic: number; p: number; method: string } | null;
    wilcoxonNullReason: string | null;
    effectSizeDz: number | null;
    levels: { pre: string | null; post: string | null };
  };
}

interface ReportBody {
  programmeId: string;
  instrument: string;
  members: number;
  withdrawn: number;
  sessionsHeld: number;
  completing: number;
  completionRate: number | null;
  paired: number;
  leftOut: { postWithoutPre: number; preWithoutPost: number; withdrawn: number };
  dimensions: DimensionOutcome[];
  methods: string;
}

/** The same day `years` earlier; 29 February of a year without one becomes the 28th. */
function yearsBefore(day: string, years: number): string {
  const candidate = `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
  const parsed = new Date(`${candidate}T00:00:00Z`);
  return parsed.toISOString().slice(0, 10) === candidate ? candidate : candidate.replace(/-29$/, '-28');
}

/** Answers whose every dimension mean is its level: plain items answered `level`, reversed ones 6 − level. */
function answersAt(instrument: InstrumentBody, levels: Record<string, number>): Record<string, number> {
  const answers: Record<string, number> = {};
  for (const d of instrument.dimensions)
    for (const item of d.items) {
      const level = levels[d.code] ?? 3;
      answers[item.code] = item.reverse ? 6 - level : level;
    }
  return answers;
}

/** Equal to the reference within 12 decimals (an independent implementation may differ in the last bits). */
function closeTo(actual: number | null | undefined, expected: number): void {
  expect(typeof actual).toBe('number');
  expect(actual).toBeCloseTo(expected, 12);
}

/**
 * Reference figures of the smartphone programme's `information` dimension, the eight paired members
 * (pre and post dimension levels below), computed independently with SciPy 1.17.1 / NumPy 2.4.6
 * (/tmp/refvenv) by:
 *
 *   import numpy as np, scipy
 *   from scipy import stats
 *   pre  = [2, 2, 3, 2, 3, 2, 1, 3]
 *   post = [4, 3, 4, 3, 3, 5, 3, 2]
 *   t = stats.ttest_rel(post, pre); ci = t.confidence_interval(0.95)
 *   w = stats.wilcoxon(post, pre)                      # default arguments
 *   d = np.subtract(post, pre, dtype=float)
 *   print(t.statistic, t.df, t.pvalue, ci.low, ci.high, w.statistic, w.pvalue)
 *   print(np.mean(pre), np.median(pre), np.std(pre, ddof=1), np.mean(post), np.median(post),
 *         np.std(post, ddof=1), np.mean(d), np.mean(d) / np.std(d, ddof=1))
 *   # the method: d has ties (|d| 1 four times, 2 twice) and a zero, n = 8 <= 13, so SciPy's
 *   # method='auto' runs the permutation test (scipy/stats/_wilcoxon.py); the same p explicitly:
 *   print(stats.wilcoxon(post, pre, method=stats.PermutationMethod()).pvalue)  # 0.078125
 *   print(stats.wilcoxon(post, pre, method='asymptotic').pvalue)  # 0.04734500208525525, not it
 */
const INFO_PRE = [2, 2, 3, 2, 3, 2, 1, 3];
const INFO_POST = [4, 3, 4, 3, 3, 5, 3, 2];
const SCIPY = {
  t: 2.5528888301902897,
  df: 7,
  tP: 0.03794328796316369,
  ciLow: 0.08296391461214037,
  ciHigh: 2.16703608538786,
  wilcoxonStatistic: 2.5,
  wilcoxonP: 0.078125,
  wilcoxonMethod: 'permutation',
  preMean: 2.25,
  preMedian: 2.0,
  preSd: 0.7071067811865476,
  postMean: 3.375,
  postMedian: 3.0,
  postSd: 0.9161253813129043,
  meanChange: 1.125,
  dz: 0.9025825017214731,
};

/**
 * Issue [8/11] "Group interventions", tried as a new user would, through the gateway only: the city
 * admin sets up the district; district staff register rural elders and a volunteer team's people in
 * residents, and a social organisation with its worker in purchased-services; the admin issues the
 * organisation's API client. The organisation runs a six-session smartphone programme for rural
 * elders (seed 000) — members, attendance, pre/post questionnaires, the outcome report matched to
 * SciPy, its submission and export — and an eight-session volunteer capacity programme (seed 002)
 * with its volunteer team's hours. A second organisation and another district's staff see none of it.
 */
describe('group programmes through the gateway', () => {
  const ns = uniqueNamespace();
  const DISTRICT = '2101.210102';
  const OTHER_DISTRICT = '2101.210103';
  const STREET = `${DISTRICT}.210102001`;
  const COMMUNITY = `${STREET}.210102001001`;
  const PASSWORD = 'a long demo passphrase';
  const PROBLEM = 'application/problem+json';
  const SMARTPHONE = 'empowerment-smartphone@1';
  const CAPACITY = 'volunteer-service-capacity@1';
  const TEAM_NAME = '长白社区老年志愿服务队';
  const today = localDay(new Date(), 'Asia/Shanghai');
  const yesterday = addDays(today, -1);
  let residents: RunningService;
  let purchased: RunningService;
  let interventions: RunningService;
  let gateway: RunningService;
  let admin: Record<string, string>;
  let district: Record<string, string>;
  let farStaff: Record<string, string>;
  let xinyuan: Record<string, string>;
  let other: Record<string, string>;
  const rural: string[] = [];
  const volunteers: string[] = [];
  let smartphone: InstrumentBody;
  let capacity: InstrumentBody;
  let programmeId = '';
  let capacityProgrammeId = '';
  let teamId = '';

  /** The gateway routes `/api/<service>/...` to that service. */
  const res = (path: string) => `/api/residents${path}`;
  const ps = (path: string) => `/api/purchased-services${path}`;
  const iv = (path: string) => `/api/interventions${path}`;
  const get = (path: string, auth: Record<string, string>) => request(gateway.url).get(path).set(auth);
  const post = (path: string, auth: Record<string, string>, body: object = {}) =>
    request(gateway.url).post(path).set(auth).send(body);
  const put = (path: string, auth: Record<string, string>, body: object) =>
    request(gateway.url).put(path).set(auth).send(body);
  const signIn = async (username: string) => {
    const signedIn = await request(gateway.url)
      .post('/auth/sign-in')
      .send({ username, password: PASSWORD })
      .expect(200);
    return bearer(signedIn.body.accessToken as string);
  };
  const organisationToken = async (organisationId: string) => {
    const issued = await post('/admin/api-clients', admin, {
      kind: 'organisation',
      organisationId,
      orgUnit: DISTRICT,
    }).expect(201);
    const { clientId, clientSecret } = issued.body as { clientId: string; clientSecret: string };
    const token = await request(gateway.url).post('/auth/token').send({ clientId, clientSecret }).expect(200);
    return bearer(token.body.accessToken as string);
  };

  /**
   * Sends a write again while interventions' copy of another service's records trails it (422 with
   * `retryable: true`, one of `codes`); every refusal on the way is exactly that and nothing else.
   */
  const whileCatchingUp = async (send: () => request.Test, codes: string[]) => {
    const refusals: unknown[] = [];
    const answer = await eventually(
      async () => {
        const sent = await send();
        if (sent.status === 422 && sent.body.retryable === true && codes.includes(sent.body.code as string))
          refusals.push({ status: sent.status, body: sent.body as unknown });
        return sent;
      },
      (sent) => !(sent.status === 422 && sent.body.retryable === true),
      30_000,
    );
    for (const refusal of refusals)
      expect(refusal).toMatchObject({
        status: 422,
        body: { code: expect.stringMatching(new RegExp(`^(${codes.join('|')})$`)), retryable: true },
      });
    return answer;
  };
  const programmeBody = {
    title: '数字融入：农村随迁老人智能手机学习小组',
    theme: 'smartphone-skills',
    theories: ['empowerment'],
    targetGroups: { eligibilityCategories: [], priorityGroups: ['rural-hukou'] },
    communityPath: COMMUNITY,
    plannedSessions: 6,
    minSessionsAttended: 5,
    facilitatorWorkerId: 'w-zhang',
    instrument: SMARTPHONE,
  };
  const registerProgramme = (key: string, body: object, auth = xinyuan) =>
    request(gateway.url)
      .post(iv('/programmes'))
      .set({ ...auth, 'Idempotency-Key': key })
      .send(body);
  const enrol = async (pid: string, residentId: string) => {
    const enrolled = await whileCatchingUp(
      () =>
        request(gateway.url)
          .put(iv(`/programmes/${pid}/members/${residentId}`))
          .set(xinyuan)
          .send({}),
      ['resident.unknown'],
    );
    expect(enrolled.status).toBe(201);
    return enrolled;
  };
  const session = (pid: string, no: number, heldOn: string, attendeeIds: string[]) =>
    put(iv(`/programmes/${pid}/sessions/${no}`), xinyuan, {
      heldOn,
      topic: `第${no}次小组活动`,
      attendeeIds,
      notes: '组员互助，练习扫码与视频通话',
    });
  const assess = (pid: string, residentId: string, phase: 'pre' | 'post', on: string, answers: object) =>
    put(iv(`/programmes/${pid}/assessments/${residentId}/${phase}`), xinyuan, { assessedOn: on, answers });
  const report = async (pid: string, auth = district) =>
    (await get(iv(`/programmes/${pid}/outcome`), auth).expect(200)).body as ReportBody;
  const dimension = (r: ReportBody, code: string) => {
    const found = r.dimensions.find((d) => d.code === code);
    if (!found) throw new Error(`no dimension ${code} in the report`);
    return found;
  };
  const membersOf = async (pid: string, auth = district) =>
    new Map(
      ((await get(iv(`/programmes/${pid}/members`), auth).expect(200)).body.items as MemberBody[]).map(
        (m) => [m.residentId, m],
      ),
    );

  beforeAll(async () => {
    residents = await startService(
      residentsService,
      testConfig(
        'residents',
        ns,
        {
          RESIDENT_ID_HASH_KEY: randomBytes(32).toString('base64'),
          RESIDENT_DATA_KEY: randomBytes(32).toString('base64'),
          ELIGIBILITY_DAILY_JOB: 'off',
        },
        ResidentsConfigSchema,
      ),
    );
    purchased = await startService(
      purchasedServicesService,
      testConfig('purchased-services', ns, {}, purchasedServicesService.extraConfig),
    );
    interventions = await startService(interventionsService, testConfig('interventions', ns));
    gateway = await startGateway(ns, {
      SERVICE_URLS: [
        `residents=${residents.url}`,
        `purchased-services=${purchased.url}`,
        `interventions=${interventions.url}`,
      ].join(','),
    });
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'city.admin',
      password: PASSWORD,
      role: 'city-admin',
      orgUnit: '2101',
    });
    admin = await signIn('city.admin');
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await interventions?.close();
    await purchased?.close();
    await residents?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('sets up the district and registers twelve rural elders and ten future volunteers', async () => {
    const units = await request(gateway.url)
      .post(res('/org-units/import'))
      .set(admin)
      .set('content-type', 'text/csv')
      .send(ORG_UNITS_CSV)
      .expect(200);
    expect(units.body).toMatchObject({ created: 7, rejected: [] });
    const staff = [
      { username: 'heping.district', role: 'district-staff', orgUnit: DISTRICT },
      { username: 'shenhe.district', role: 'district-staff', orgUnit: OTHER_DISTRICT },
    ];
    for (const account of staff) {
      const created = await post('/admin/staff', admin, { ...account, password: PASSWORD }).expect(201);
      expect(created.body).toMatchObject({ ...account, status: 'active' });
    }
    district = await signIn('heping.district');
    farStaff = await signIn('shenhe.district');

    // Rural migrant elders who followed their children to the city (seed 000), 62 to 84 years old.
    for (let i = 0; i < 12; i++) {
      const registered = await post(
        res('/residents'),
        district,
        personFixture(nationalId(yearsBefore(today, 62 + 2 * i), 101 + 2 * i), {
          hukou: 'rural',
          economicStatus: 'ordinary',
          livingArrangement: 'with-children',
        }),
      ).expect(201);
      expect(registered.body).toMatchObject({ hukou: 'rural', communityPath: COMMUNITY });
      rural.push(registered.body.residentId as string);
    }
    // Younger elders of the same community, the volunteer team to be (seed 002).
    for (let i = 0; i < 10; i++) {
      const registered = await post(
        res('/residents'),
        district,
        personFixture(nationalId(yearsBefore(today, 60 + i), 301 + 2 * i), {
          hukou: i % 3 === 0 ? 'rural' : 'urban',
          economicStatus: 'ordinary',
          livingArrangement: 'with-partner',
        }),
      ).expect(201);
      volunteers.push(registered.body.residentId as string);
    }
    expect(new Set([...rural, ...volunteers]).size).toBe(22);
  });

  it('registers a social organisation and its social worker; the admin issues each organisation its client', async () => {
    await put(ps('/providers/p-xinyuan'), district, {
      ...provider(CREDIT_CODES[0], [STREET]),
      name: 'Heping Xinyuan Social Work Service Centre',
    }).expect(201);
    await put(ps('/providers/p-xinyuan/workers/w-zhang'), district, {
      name: 'Zhang Min',
      role: 'worker',
      licence: 'social-worker',
      streetPath: STREET,
      active: true,
    }).expect(201);
    await put(ps('/providers/p-anhe'), district, {
      ...provider(CREDIT_CODES[1], [STREET]),
      name: 'Heping Anhe Elderly Services',
    }).expect(201);
    xinyuan = await organisationToken('p-xinyuan');
    other = await organisationToken('p-anhe');
    const own = await get(ps('/providers'), xinyuan).expect(200);
    expect((own.body.items as { providerId: string }[]).map((p) => p.providerId)).toEqual(['p-xinyuan']);

    // The questionnaires come from the service, as the organisation's client would read them.
    smartphone = (await get(iv(`/instruments/${SMARTPHONE}`), xinyuan).expect(200)).body as InstrumentBody;
    capacity = (await get(iv(`/instruments/${CAPACITY}`), xinyuan).expect(200)).body as InstrumentBody;
    expect(smartphone.dimensions.map((d) => d.code)).toEqual([
      'information',
      'expression',
      'relationship',
      'action',
    ]);
    expect(capacity.dimensions.map((d) => d.code)).toContain('teamwork');
  });

  it('registers the smartphone programme once per Idempotency-Key, retrying while interventions catches up', async () => {
    const key = randomUUID();
    // purchased-services' events about the organisation and its worker may not have arrived yet.
    const created = await whileCatchingUp(
      () => registerProgramme(key, programmeBody),
      ['provider.unknown', 'facilitator.unknown'],
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...programmeBody,
      providerId: 'p-xinyuan',
      contractId: null,
      status: 'planned',
      revision: 1,
    });
    programmeId = created.body.programmeId as string;
    expect(programmeId).toMatch(/^pg-/);
    const again = await registerProgramme(key, programmeBody).expect(200);
    expect(again.body.programmeId).toBe(programmeId);
    const reused = await registerProgramme(key, { ...programmeBody, plannedSessions: 8 }).expect(409);
    expect(reused.headers['content-type']).toContain(PROBLEM);
    expect(reused.body.code).toBe('programme.idempotency-key-reused');
    // Staff read it; they do not run programmes.
    expect((await get(iv(`/programmes/${programmeId}`), district).expect(200)).body.title).toBe(
      programmeBody.title,
    );
    await registerProgramme(randomUUID(), programmeBody, district).expect(403);
  });

  it('enrols ten members, records six sessions and the pre/post questionnaires; names a missing item', async () => {
    const members = rural.slice(0, 10);
    const at = (i: number) => members[i] ?? '';
    for (const id of members) await enrol(programmeId, id);
    await put(iv(`/programmes/${programmeId}/members/${at(0)}`), xinyuan, {}).expect(200);

    const start = addDays(today, -42);
    // An answer set without one item: 400 naming it, nothing stored.
    const incomplete = answersAt(smartphone, {});
    delete incomplete['rel-3'];
    const rejected = await assess(programmeId, at(0), 'pre', start, incomplete).expect(400);
    expect(rejected.headers['content-type']).toContain(PROBLEM);
    expect(rejected.body.errors).toEqual([{ field: 'answers.rel-3', message: 'missing' }]);

    // Pre: the eight to be paired (0-7) and member 9, who will withdraw; member 8 misses it.
    for (const [i, level] of INFO_PRE.entries())
      await assess(programmeId, at(i), 'pre', start, answersAt(smartphone, { information: level })).expect(
        201,
      );
    await assess(programmeId, at(9), 'pre', start, answersAt(smartphone, { information: 2 })).expect(201);

    // Members 2 and 5 miss sessions 2 and 5: four of six, not completing (five needed).
    const all = members.slice();
    const without = (...out: number[]) => all.filter((_, i) => !out.includes(i));
    const heldOn = (no: number) => addDays(start, 7 * (no - 1));
    await session(programmeId, 1, heldOn(1), all).expect(201);
    expect((await get(iv(`/programmes/${programmeId}`), xinyuan).expect(200)).body.status).toBe('running');
    await session(programmeId, 2, heldOn(2), without(2, 5)).expect(201);
    await session(programmeId, 3, heldOn(3), all).expect(201);
    const withdrawn = await post(iv(`/programmes/${programmeId}/members/${at(9)}/withdraw`), xinyuan, {
      reason: 'moved-away',
    }).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'moved-away' });
    // A withdrawn member is no attendee any more.
    const stranger = await session(programmeId, 4, heldOn(4), all).expect(422);
    expect(stranger.body.code).toBe('session.attendee-not-member');
    await session(programmeId, 4, heldOn(4), without(9)).expect(201);
    await session(programmeId, 5, heldOn(5), without(2, 5, 9)).expect(201);
    await session(programmeId, 6, heldOn(6), without(9)).expect(201);
    await session(programmeId, 6, heldOn(6), without(9)).expect(200);

    // Post: every member still enrolled (so member 8 has a post without a pre).
    for (const [i, level] of INFO_POST.entries())
      await assess(programmeId, at(i), 'post', today, answersAt(smartphone, { information: level })).expect(
        201,
      );
    await assess(programmeId, at(8), 'post', today, answersAt(smartphone, { information: 4 })).expect(201);
    const changed = await assess(
      programmeId,
      at(0),
      'post',
      today,
      answersAt(smartphone, { information: 5 }),
    );
    expect([changed.status, changed.body.code]).toEqual([409, 'assessment.exists']);

    const listed = await membersOf(programmeId);
    expect(listed.size).toBe(10);
    expect(listed.get(at(0))).toMatchObject({ status: 'enrolled', attended: 6, completing: true });
    expect(listed.get(at(2))).toMatchObject({ status: 'enrolled', attended: 4, completing: false });
    expect(listed.get(at(5))).toMatchObject({ status: 'enrolled', attended: 4, completing: false });
    expect(listed.get(at(9))).toMatchObject({ status: 'withdrawn', attended: 3, completing: false });
    // Staff see the sessions without the organisation's process notes.
    const sessions = await get(iv(`/programmes/${programmeId}/sessions`), district).expect(200);
    expect(sessions.body.items).toHaveLength(6);
    expect(sessions.body.items[0].notes).toBeNull();
    const own = await get(iv(`/programmes/${programmeId}/sessions`), xinyuan).expect(200);
    expect(own.body.items[0].notes).toBe('组员互助，练习扫码与视频通话');
  });

  it('completes the programme: the district reads an outcome report matching SciPy, submitted once, exported', async () => {
    const early = await post(iv(`/programmes/${programmeId}/outcome/submit`), xinyuan).expect(409);
    expect(early.body).toMatchObject({ code: 'programme.not-completed', currentState: 'running' });
    const completed = await post(iv(`/programmes/${programmeId}/status`), xinyuan, {
      status: 'completed',
    }).expect(200);
    expect(completed.body.status).toBe('completed');

    const r = await report(programmeId);
    expect(r).toMatchObject({
      programmeId,
      instrument: SMARTPHONE,
      members: 10,
      withdrawn: 1,
      sessionsHeld: 6,
      // 9 still enrolled: members 2 and 5 attended four sessions.
      completing: 7,
      paired: 8,
      leftOut: { postWithoutPre: 1, preWithoutPost: 0, withdrawn: 1 },
    });
    closeTo(r.completionRate, 7 / 9);
    expect(r.methods).toContain('scipy.stats.wilcoxon');

    const info = dimension(r, 'information').outcome;
    expect(info.n).toBe(8);
    closeTo(info.pre.mean, SCIPY.preMean);
    closeTo(info.pre.median, SCIPY.preMedian);
    closeTo(info.pre.sd, SCIPY.preSd);
    closeTo(info.post.mean, SCIPY.postMean);
    closeTo(info.post.median, SCIPY.postMedian);
    closeTo(info.post.sd, SCIPY.postSd);
    closeTo(info.meanChange, SCIPY.meanChange);
    closeTo(info.meanChangeCi95?.lower, SCIPY.ciLow);
    closeTo(info.meanChangeCi95?.upper, SCIPY.ciHigh);
    closeTo(info.tTest?.t, SCIPY.t);
    expect(info.tTest?.df).toBe(SCIPY.df);
    closeTo(info.tTest?.p, SCIPY.tP);
    expect(info.wilcoxon?.method).toBe(SCIPY.wilcoxonMethod);
    expect(info.wilcoxon?.statistic).toBe(SCIPY.wilcoxonStatistic);
    closeTo(info.wilcoxon?.p, SCIPY.wilcoxonP);
    closeTo(info.effectSizeDz, SCIPY.dz);
    // 2.25 is the lowest `qualified` mean (lower bound inclusive); 3.375 is `good`.
    expect(info.levels).toEqual({ pre: 'qualified', post: 'good' });
    // Nobody's expression changed: nothing for the Wilcoxon test to rank.
    expect(dimension(r, 'expression').outcome).toMatchObject({
      n: 8,
      meanChange: 0,
      wilcoxon: null,
      wilcoxonNullReason: 'all-differences-zero',
    });

    const submitted = await post(iv(`/programmes/${programmeId}/outcome/submit`), xinyuan).expect(200);
    expect(submitted.body).toMatchObject({ published: true, revision: 1 });
    const again = await post(iv(`/programmes/${programmeId}/outcome/submit`), xinyuan).expect(200);
    expect(again.body).toMatchObject({ published: false, revision: 1 });
    // Completed is closed: no new member.
    const late = await put(iv(`/programmes/${programmeId}/members/${rural[10] ?? ''}`), xinyuan, {}).expect(
      409,
    );
    expect(late.body).toMatchObject({ code: 'programme.closed', currentState: 'completed' });

    const csv = await get(iv(`/programmes/${programmeId}/outcome/export.csv`), district).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const [header, first] = csv.text.split('\r\n');
    expect(header).toBe(
      'dimension,title_zh,title_en,n_paired,pre_mean,pre_median,pre_sd,post_mean,post_median,post_sd,' +
        'mean_change,ci95_low,ci95_high,t,df,t_test_p,wilcoxon_statistic,wilcoxon_p,wilcoxon_method,' +
        'cohens_dz,pre_band,post_band',
    );
    const cells = (first ?? '').split(',');
    expect(cells).toHaveLength(22);
    const title = dimension(r, 'information').title;
    expect(cells.slice(0, 4)).toEqual(['information', title.zh, title.en, '8']);
    const numbers = cells.slice(4, 18).map(Number);
    const expected = [
      SCIPY.preMean,
      SCIPY.preMedian,
      SCIPY.preSd,
      SCIPY.postMean,
      SCIPY.postMedian,
      SCIPY.postSd,
      SCIPY.meanChange,
      SCIPY.ciLow,
      SCIPY.ciHigh,
      SCIPY.t,
      SCIPY.df,
      SCIPY.tP,
      SCIPY.wilcoxonStatistic,
      SCIPY.wilcoxonP,
    ];
    numbers.forEach((n, i) => closeTo(n, expected[i] ?? NaN));
    expect(cells[18]).toBe('permutation');
    closeTo(Number(cells[19]), SCIPY.dz);
    expect(cells.slice(20)).toEqual(['qualified', 'good']);
  });

  it('runs the eight-session volunteer capacity programme for the team: pre/post and the level bands', async () => {
    const key = randomUUID();
    const body = {
      title: '老年志愿者服务能力提升小组',
      theme: 'volunteer-capacity',
      theories: ['empowerment', 'strengths-perspective', 'social-support'],
      targetGroups: { eligibilityCategories: [], priorityGroups: [] },
      communityPath: COMMUNITY,
      plannedSessions: 8,
      minSessionsAttended: 6,
      facilitatorWorkerId: 'w-zhang',
      instrument: CAPACITY,
    };
    const created = await registerProgramme(key, body).expect(201);
    capacityProgrammeId = created.body.programmeId as string;
    expect(capacityProgrammeId).not.toBe(programmeId);
    for (const id of volunteers) await enrol(capacityProgrammeId, id);

    const start = addDays(today, -56);
    // Teamwork from 2.6 (qualified) to 3.8 (excellent); communication from exactly 3.0 (good) to 3.5.
    const teamworkPre = [2, 3, 2, 3, 3, 2, 3, 2, 3, 3];
    const teamworkPost = [4, 4, 3, 4, 4, 3, 4, 4, 4, 4];
    const communicationPost = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4];
    for (const [i, id] of volunteers.entries())
      await assess(
        capacityProgrammeId,
        id,
        'pre',
        start,
        answersAt(capacity, { teamwork: teamworkPre[i] ?? 3, communication: 3 }),
      ).expect(201);
    // The last volunteer misses sessions 2, 4 and 7: five of eight, not completing (six needed).
    const last = volunteers.length - 1;
    for (let no = 1; no <= 8; no++) {
      const present = [2, 4, 7].includes(no) ? volunteers.slice(0, last) : volunteers;
      await session(capacityProgrammeId, no, addDays(start, 7 * (no - 1)), present).expect(201);
    }
    for (const [i, id] of volunteers.entries())
      await assess(
        capacityProgrammeId,
        id,
        'post',
        today,
        answersAt(capacity, { teamwork: teamworkPost[i] ?? 3, communication: communicationPost[i] ?? 3 }),
      ).expect(201);

    const r = await report(capacityProgrammeId);
    expect(r).toMatchObject({
      instrument: CAPACITY,
      members: 10,
      withdrawn: 0,
      sessionsHeld: 8,
      completing: 9,
      paired: 10,
      leftOut: { postWithoutPre: 0, preWithoutPost: 0, withdrawn: 0 },
    });
    const teamwork = dimension(r, 'teamwork').outcome;
    closeTo(teamwork.pre.mean, 2.6);
    closeTo(teamwork.post.mean, 3.8);
    expect(teamwork.levels).toEqual({ pre: 'qualified', post: 'excellent' });
    const communication = dimension(r, 'communication').outcome;
    expect(communication.pre.mean).toBe(3);
    expect(communication.levels).toEqual({ pre: 'good', post: 'good' });
    // The same bands in the export, in its pre_band and post_band columns.
    const csv = await get(iv(`/programmes/${capacityProgrammeId}/outcome/export.csv`), xinyuan).expect(200);
    const row = csv.text.split('\r\n').find((line) => line.startsWith('teamwork,'));
    expect(row?.split(',').slice(-2)).toEqual(['qualified', 'excellent']);
  });

  it('keeps the volunteer team: capacity programme, volunteers’ skills and trainings, hours logged once', async () => {
    const key = randomUUID();
    const teamBody = { name: TEAM_NAME, communityPath: COMMUNITY, capacityProgrammeId };
    const registered = await request(gateway.url)
      .post(iv('/volunteer-teams'))
      .set({ ...xinyuan, 'Idempotency-Key': key })
      .send(teamBody)
      .expect(201);
    expect(registered.body).toMatchObject({ ...teamBody, providerId: 'p-xinyuan', revision: 1 });
    teamId = registered.body.teamId as string;
    const again = await request(gateway.url)
      .post(iv('/volunteer-teams'))
      .set({ ...xinyuan, 'Idempotency-Key': key })
      .send(teamBody)
      .expect(200);
    expect(again.body.teamId).toBe(teamId);

    const training = { code: 'volunteering-basics', attendedOn: addDays(today, -30) };
    for (const [i, id] of volunteers.entries()) {
      const profile = {
        skills: i % 2 === 0 ? ['phone-help', 'companionship'] : ['patrol'],
        trainings: i < 5 ? [training] : [],
      };
      const added = await put(iv(`/volunteer-teams/${teamId}/volunteers/${id}`), xinyuan, profile).expect(
        201,
      );
      expect(added.body).toMatchObject({
        residentId: id,
        communityPath: COMMUNITY,
        skills: [...profile.skills].sort(),
        trainings: profile.trainings,
        revision: 1,
        minutes: 0,
        logs: 0,
      });
    }
    // A first-aid course later: the profile is replaced.
    const first = volunteers[0] ?? '';
    const second = volunteers[1] ?? '';
    const learnt = await put(iv(`/volunteer-teams/${teamId}/volunteers/${first}`), xinyuan, {
      skills: ['phone-help', 'companionship', 'first-aid'],
      trainings: [training, { code: 'first-aid', attendedOn: addDays(today, -10) }],
    }).expect(200);
    expect(learnt.body).toMatchObject({ skills: ['companionship', 'first-aid', 'phone-help'], revision: 2 });

    // The same log sent twice (a retried upload) is one log.
    const log = { residentId: first, activity: 'phone-help', servedOn: yesterday, minutes: 90 };
    const logged = await put(iv(`/volunteer-teams/${teamId}/hours/log-1`), xinyuan, log).expect(201);
    expect(logged.body).toEqual({ logId: 'log-1', ...log });
    await put(iv(`/volunteer-teams/${teamId}/hours/log-1`), xinyuan, log).expect(200);
    const other = await put(iv(`/volunteer-teams/${teamId}/hours/log-1`), xinyuan, { ...log, minutes: 60 });
    expect([other.status, other.body.code]).toEqual([409, 'volunteer-hours.exists']);
    await put(iv(`/volunteer-teams/${teamId}/hours/log-2`), xinyuan, {
      residentId: first,
      activity: 'companionship',
      servedOn: yesterday,
      minutes: 45,
    }).expect(201);
    await put(iv(`/volunteer-teams/${teamId}/hours/log-3`), xinyuan, {
      residentId: second,
      activity: 'patrol',
      servedOn: addDays(today, -3),
      minutes: 120,
    }).expect(201);

    const totals = (await get(iv(`/volunteer-teams/${teamId}/hours/totals`), district).expect(200)).body as {
      teamId: string;
      team: { minutes: number; logs: number };
      activities: { activity: string; minutes: number; logs: number }[];
      items: { residentId: string; minutes: number; logs: number }[];
    };
    expect(totals.teamId).toBe(teamId);
    expect(totals.team).toEqual({ minutes: 90 + 45 + 120, logs: 3 });
    expect([...totals.activities].sort((a, b) => a.activity.localeCompare(b.activity))).toEqual([
      { activity: 'companionship', minutes: 45, logs: 1 },
      { activity: 'patrol', minutes: 120, logs: 1 },
      { activity: 'phone-help', minutes: 90, logs: 1 },
    ]);
    const perVolunteer = new Map(totals.items.map((v) => [v.residentId, v]));
    expect(perVolunteer.size).toBe(volunteers.length);
    expect(perVolunteer.get(first)).toEqual({ residentId: first, minutes: 135, logs: 2 });
    expect(perVolunteer.get(second)).toEqual({ residentId: second, minutes: 120, logs: 1 });
    for (const id of volunteers.slice(2))
      expect(perVolunteer.get(id)).toEqual({ residentId: id, minutes: 0, logs: 0 });
    const listed = await get(iv(`/volunteer-teams/${teamId}/volunteers`), xinyuan).expect(200);
    const firstListed = (listed.body.items as { residentId: string; minutes: number; logs: number }[]).find(
      (v) => v.residentId === first,
    );
    expect(firstListed).toMatchObject({ minutes: 135, logs: 2 });
  });

  it('hides the programmes from the second organisation and from another district’s staff', async () => {
    for (const pid of [programmeId, capacityProgrammeId])
      for (const path of ['', '/members', '/sessions', '/outcome', '/outcome/export.csv'])
        for (const auth of [other, farStaff]) {
          const hidden = await get(iv(`/programmes/${pid}${path}`), auth).expect(404);
          expect(hidden.headers['content-type']).toContain(PROBLEM);
        }
    await get(iv(`/programmes/${programmeId}/assessments`), other).expect(404);
    // A write to another's programme is "no such programme" too.
    await put(iv(`/programmes/${programmeId}/members/${rural[11] ?? ''}`), other, {}).expect(404);
    await post(iv(`/programmes/${programmeId}/outcome/submit`), other).expect(404);
    for (const auth of [other, farStaff])
      expect((await get(iv('/programmes'), auth).expect(200)).body.items).toEqual([]);
    const own = (await get(iv('/programmes'), xinyuan).expect(200)).body.items as { programmeId: string }[];
    expect(own.map((p) => p.programmeId).sort()).toEqual([programmeId, capacityProgrammeId].sort());
    const staffView = (await get(iv('/programmes'), district).expect(200)).body.items as {
      programmeId: string;
    }[];
    expect(staffView.map((p) => p.programmeId).sort()).toEqual([programmeId, capacityProgrammeId].sort());
    for (const auth of [other, farStaff]) {
      await get(iv(`/volunteer-teams/${teamId}`), auth).expect(404);
      await get(iv(`/volunteer-teams/${teamId}/hours/totals`), auth).expect(404);
      expect((await get(iv('/volunteer-teams'), auth).expect(200)).body.items).toEqual([]);
    }
  });
});

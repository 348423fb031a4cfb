/**
 * The demo city's group work (issue [8/11]), loaded through the public API with the Heping
 * organisation's own client, as it would run it: the six-session smartphone programme of seed 000
 * for elders of 长白社区 — members, attendance, pre and post assessments, completion and the
 * submitted outcome — and an elderly volunteer team (seed 002) with its hours. Fixed
 * Idempotency-Keys, session numbers and log ids: loading it again changes nothing.
 */
import { call, inParallel, ok, retrying } from './demo-http.js';
import { lastImportedFirst, residentsOf, type Listed } from './demo-residents.js';

const IV = '/api/interventions';
const COMMUNITY = '2101.210102.210102001.210102001001';

interface Dimension {
  code: string;
  items: { code: string; reverse: boolean }[];
}

/** Answers whose dimension means are the given levels (plain items `level`, reversed ones 6 − level). */
function answersAt(dimensions: Dimension[], level: (dimension: string) => number): Record<string, number> {
  const answers: Record<string, number> = {};
  for (const d of dimensions)
    for (const item of d.items) answers[item.code] = item.reverse ? 6 - level(d.code) : level(d.code);
  return answers;
}

/** The local day `daysAgo` days back (Asia/Shanghai). */
const dayAgo = (daysAgo: number) =>
  new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** Requests at once for the many small writes (assessments, volunteers, hours logs). */
const CONCURRENCY = 4;

/**
 * Everything the group work draws from the city's random sequence (last of all that draws from
 * it), in the order the programme uses it: attendance session by session, then each member's
 * pre level and gain.
 */
export function drawGroupWork(random: () => number) {
  const attendance = Array.from({ length: 6 }, () => Array.from({ length: 10 }, () => random() < 0.88));
  const levels = Array.from({ length: 10 }, () => {
    const pre = 2 + Math.floor(random() * 2);
    return { pre, gain: Math.floor(random() * 3) };
  });
  return { attendance, levels };
}

const TOPICS = [
  '认识智能手机',
  '微信聊天与视频',
  '扫码出行与健康码',
  '网上挂号与缴费',
  '防范网络诈骗',
  '成果展示与分享',
];

/**
 * The smartphone programme: registered (retried until interventions has read the organisation
 * and its worker), members enrolled side by side (each retried until the resident is known),
 * the sessions in order, the assessments side by side, then completed and its outcome submitted.
 */
async function programme(org: string, listed: Listed[], drawn: GroupWorkDraws, waits: Waits) {
  const members = listed.map((r) => r.residentId);
  const { programmeId: id } = await retrying<{ programmeId: string }>(
    'programme',
    () =>
      call(
        'POST',
        `${IV}/programmes`,
        org,
        {
          title: '“数字抗疫”智能手机学习小组',
          theme: 'smartphone-skills',
          theories: ['empowerment'],
          targetGroups: { eligibilityCategories: [], priorityGroups: ['rural-hukou'] },
          communityPath: COMMUNITY,
          plannedSessions: 6,
          minSessionsAttended: 5,
          facilitatorWorkerId: 'w-1-a',
          instrument: 'empowerment-smartphone@1',
        },
        { 'Idempotency-Key': 'demo-smartphone-2026' },
      ),
    { waits },
  );
  const enrol = (residentId: string) =>
    retrying(`member ${residentId}`, () => call('PUT', `${IV}/programmes/${id}/members/${residentId}`, org), {
      waits,
    });
  // The member imported last first, alone: interventions' read model learns residents in import
  // order, so once it knows this one it knows them all. Then the rest side by side.
  const enrolAll = async () => {
    const [first, ...rest] = lastImportedFirst(listed).map((r) => r.residentId);
    if (first) await enrol(first);
    await inParallel(rest, CONCURRENCY, enrol);
  };
  const [instrument] = await Promise.all([
    ok<{ dimensions: Dimension[] }>(
      call('GET', `${IV}/instruments/empowerment-smartphone@1`, org),
      'instrument',
    ),
    enrolAll(),
  ]);
  for (const [i, topic] of TOPICS.entries()) {
    const attendeeIds = members.filter((_, m) => drawn.attendance[i]?.[m]);
    await ok(
      call('PUT', `${IV}/programmes/${id}/sessions/${i + 1}`, org, {
        heldOn: dayAgo(42 - i * 7),
        topic,
        attendeeIds,
      }),
      `session ${i + 1}`,
      [409],
    );
  }
  const assessments = members.flatMap((residentId, n) => {
    const { pre, gain } = drawn.levels[n] ?? { pre: 2, gain: 0 };
    const both = [
      { residentId, phase: 'pre', level: pre, daysAgo: 43 },
      { residentId, phase: 'post', level: Math.min(5, pre + gain), daysAgo: 1 },
    ];
    return n === 9 ? both.slice(1) : both; // one member joined late: a post without a pre
  });
  await inParallel(assessments, CONCURRENCY, ({ residentId, phase, level, daysAgo }) =>
    ok(
      call('PUT', `${IV}/programmes/${id}/assessments/${residentId}/${phase}`, org, {
        assessedOn: dayAgo(daysAgo),
        answers: answersAt(instrument.dimensions, (d) =>
          d === 'information' ? level : Math.min(5, level + (d === 'action' ? 0 : 1)),
        ),
      }),
      `${phase} assessment`,
      [409],
    ),
  );
  await ok(call('POST', `${IV}/programmes/${id}/status`, org, { status: 'completed' }), 'complete', [409]);
  await ok(call('POST', `${IV}/programmes/${id}/outcome/submit`, org, {}), 'submit outcome');
}

/** The volunteer team, its volunteers (retried until the residents are known) and their hours. */
async function volunteers(org: string, listed: Listed[], waits: Waits): Promise<number> {
  const volunteerIds = listed.map((r) => r.residentId);
  const team = await retrying<{ teamId: string }>(
    'volunteer team',
    () =>
      call(
        'POST',
        `${IV}/volunteer-teams`,
        org,
        { name: '长白社区银龄志愿服务队', communityPath: COMMUNITY },
        { 'Idempotency-Key': 'demo-volunteers-2026' },
      ),
    { waits },
  );
  const volunteer = (residentId: string) =>
    retrying(
      'volunteer',
      () =>
        call('PUT', `${IV}/volunteer-teams/${team.teamId}/volunteers/${residentId}`, org, {
          skills: ['companionship', 'phone-help'],
          trainings: [{ code: 'volunteer-basics', attendedOn: dayAgo(30) }],
        }),
      { waits },
    );
  // The one imported last first, alone (see the members).
  const [first, ...rest] = lastImportedFirst(listed).map((r) => r.residentId);
  if (first) await volunteer(first);
  await inParallel(rest, CONCURRENCY, volunteer);
  const logs = volunteerIds.flatMap((residentId, v) => [0, 1, 2, 3].map((week) => ({ residentId, v, week })));
  await inParallel(logs, CONCURRENCY, ({ residentId, v, week }) =>
    ok(
      call('PUT', `${IV}/volunteer-teams/${team.teamId}/hours/demo-${v}-${week}`, org, {
        residentId,
        activity: week % 2 === 0 ? 'companionship' : 'phone-help',
        servedOn: dayAgo(28 - week * 7),
        minutes: 60 + 30 * ((v + week) % 3),
      }),
      'hours',
      // Loaded again another day: the same log id with that day's dates; the first stands.
      [409],
    ),
  );
  return logs.length;
}

type Waits = { count: number };
export type GroupWorkDraws = ReturnType<typeof drawGroupWork>;

/** The programme and the volunteer team side by side. */
export async function demoInterventions(
  admin: string,
  org: string,
  drawn: GroupWorkDraws,
): Promise<{ summary: string; waits: number }> {
  const elders = (await residentsOf(admin, '210102001001')).slice(0, 18);
  if (elders.length < 16)
    throw new Error(`too few residents in 长白社区 for the demo programmes: ${elders.length}`);
  const members = elders.slice(0, 10);
  const waits: Waits = { count: 0 };
  const [, logs] = await Promise.all([
    programme(org, members, drawn, waits),
    volunteers(org, elders.slice(10, 16), waits),
  ]);
  return {
    summary: `a completed six-session programme (${members.length} members, outcome submitted), a volunteer team of 6 with ${logs} hours logs`,
    waits: waits.count,
  };
}

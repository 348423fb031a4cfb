/**
 * The demo city's group work (issue [8/11]), loaded through the public API with the Heping
 * organisation's own client, as it would run it: the six-session smartphone programme of seed 000
 * for elders of 长白社区 — members, attendance, pre and post assessments, completion and the
 * submitted outcome — and an elderly volunteer team (seed 002) with its hours. Fixed
 * Idempotency-Keys, session numbers and log ids: loading it again changes nothing.
 */
import { call, ok } from './demo-http.js';
import { residentsOf } from './demo-visits.js';

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

/** Until interventions has read the organisation, its worker and the residents (422 retryable meanwhile). */
async function retrying<T>(what: string, attempt: () => Promise<Response>): Promise<T> {
  for (let i = 0; ; i++) {
    const res = await attempt();
    if (res.status < 300) return (await res.json()) as T;
    const body = (await res.json()) as { retryable?: boolean };
    if (!body.retryable || i > 120) throw new Error(`${what}: ${res.status} ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function demoInterventions(admin: string, org: string, random: () => number): Promise<string> {
  const elders = (
    await residentsOf((path) => ok(call('GET', path, admin), 'residents of 长白社区'), '210102001001')
  ).slice(0, 18);
  if (elders.length < 16)
    throw new Error(`too few residents in 长白社区 for the demo programmes: ${elders.length}`);
  const members = elders.slice(0, 10);
  const programme = await retrying<{ programmeId: string; status: string }>('programme', () =>
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
  );
  const id = programme.programmeId;
  for (const residentId of members)
    await retrying(`member ${residentId}`, () =>
      call('PUT', `${IV}/programmes/${id}/members/${residentId}`, org),
    );
  const instrument = await ok<{ dimensions: Dimension[] }>(
    call('GET', `${IV}/instruments/empowerment-smartphone@1`, org),
    'instrument',
  );
  const topics = [
    '认识智能手机',
    '微信聊天与视频',
    '扫码出行与健康码',
    '网上挂号与缴费',
    '防范网络诈骗',
    '成果展示与分享',
  ];
  for (const [i, topic] of topics.entries()) {
    const attendeeIds = members.filter(() => random() < 0.88);
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
  for (const [n, residentId] of members.entries()) {
    const pre = 2 + Math.floor(random() * 2);
    const gain = Math.floor(random() * 3);
    for (const [phase, level, daysAgo] of [
      ['pre', pre, 43],
      ['post', Math.min(5, pre + gain), 1],
    ] as const) {
      if (phase === 'pre' && n === 9) continue; // one member joined late: a post without a pre
      await ok(
        call('PUT', `${IV}/programmes/${id}/assessments/${residentId}/${phase}`, org, {
          assessedOn: dayAgo(daysAgo),
          answers: answersAt(instrument.dimensions, (d) =>
            d === 'information' ? level : Math.min(5, level + (d === 'action' ? 0 : 1)),
          ),
        }),
        `${phase} assessment`,
        [409],
      );
    }
  }
  await ok(call('POST', `${IV}/programmes/${id}/status`, org, { status: 'completed' }), 'complete', [409]);
  await ok(call('POST', `${IV}/programmes/${id}/outcome/submit`, org, {}), 'submit outcome');
  const team = await ok<{ teamId: string }>(
    call(
      'POST',
      `${IV}/volunteer-teams`,
      org,
      { name: '长白社区银龄志愿服务队', communityPath: COMMUNITY },
      {
        'Idempotency-Key': 'demo-volunteers-2026',
      },
    ),
    'volunteer team',
  );
  const volunteers = elders.slice(10, 16);
  for (const residentId of volunteers)
    await ok(
      call('PUT', `${IV}/volunteer-teams/${team.teamId}/volunteers/${residentId}`, org, {
        skills: ['companionship', 'phone-help'],
        trainings: [{ code: 'volunteer-basics', attendedOn: dayAgo(30) }],
      }),
      'volunteer',
    );
  let logs = 0;
  for (const [v, residentId] of volunteers.entries())
    for (let week = 0; week < 4; week++) {
      await ok(
        call('PUT', `${IV}/volunteer-teams/${team.teamId}/hours/demo-${v}-${week}`, org, {
          residentId,
          activity: week % 2 === 0 ? 'companionship' : 'phone-help',
          servedOn: dayAgo(28 - week * 7),
          minutes: 60 + 30 * ((v + week) % 3),
        }),
        'hours',
        // Loaded again another day: the same log id with that day's dates; the first stands.
        [409],
      );
      logs += 1;
    }
  return `a completed six-session programme (${members.length} members, outcome submitted), a volunteer team of ${volunteers.length} with ${logs} hours logs`;
}

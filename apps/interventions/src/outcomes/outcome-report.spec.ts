import { parseInstrument } from '../instruments/index.js';
import { buildOutcomeReport } from './outcome-report.js';
import { outcomeCsv } from './outcome-export.js';
import { outcomeFigures } from './outcome-figures.js';

const text = (s: string) => ({ zh: s, en: s });
const instrument = parseInstrument({
  code: 'tiny',
  version: 1,
  title: text('tiny'),
  scale: {
    min: 1,
    max: 5,
    labels: { zh: ['1', '2', '3', '4', '5'], en: ['1', '2', '3', '4', '5'] },
  },
  dimensions: [
    {
      code: 'skill',
      title: text('skill'),
      items: [
        { code: 's1', text: text('s1'), reverse: false },
        { code: 's2', text: text('s2'), reverse: true },
      ],
    },
  ],
  questions: [
    {
      code: 'living',
      text: text('living'),
      multiple: false,
      options: [
        { code: 'alone', label: text('alone') },
        { code: 'partner', label: text('partner') },
        { code: 'nobody-chose', label: text('x') },
      ],
    },
    {
      code: 'channels',
      text: text('channels'),
      multiple: true,
      options: [
        { code: 'self', label: text('self') },
        { code: 'child', label: text('child') },
      ],
    },
  ],
});

const assess = (residentId: string, phase: 'pre' | 'post', skill: number, categorical = {}) => ({
  residentId,
  phase,
  dimensions: { skill },
  categorical,
});

describe('outcome report', () => {
  const report = buildOutcomeReport({
    programme: { _id: 'pg-1', instrument: 'tiny@1', minSessionsAttended: 2, plannedSessions: 3 },
    instrument,
    members: [
      { residentId: 'a', status: 'enrolled' },
      { residentId: 'b', status: 'enrolled' },
      { residentId: 'c', status: 'enrolled' },
      { residentId: 'd', status: 'enrolled' },
      { residentId: 'e', status: 'withdrawn' },
    ],
    sessions: [
      { attendeeIds: ['a', 'b', 'c', 'e'] },
      { attendeeIds: ['a', 'b', 'e'] },
      { attendeeIds: ['c'] },
    ],
    assessments: [
      assess('a', 'pre', 2, { living: ['alone'], channels: ['self'] }),
      assess('a', 'post', 4),
      assess('b', 'pre', 3, { living: ['partner'], channels: ['self', 'child'] }),
      assess('b', 'post', 3.5),
      assess('c', 'post', 5),
      assess('d', 'pre', 1, { living: ['alone'], channels: [] }),
      assess('e', 'pre', 1, { living: ['alone'], channels: ['child'] }),
      assess('e', 'post', 5),
    ],
  });

  it('pairs members still enrolled with both assessments, and says who is left out and why', () => {
    expect(report).toMatchObject({
      members: 5,
      withdrawn: 1,
      sessionsHeld: 3,
      paired: 2,
      leftOut: { postWithoutPre: 1, preWithoutPost: 1, withdrawn: 1 },
    });
    const skill = report.dimensions[0]?.outcome;
    expect(skill?.n).toBe(2);
    expect(skill?.pre.mean).toBe(2.5);
    expect(skill?.post.mean).toBe(3.75);
    expect(skill?.meanChange).toBe(1.25);
    expect(skill?.levels).toEqual({ pre: 'qualified', post: 'excellent' });
  });

  it('applies the completion rule to members still enrolled (a: 2, b: 2, c: 2 of 3; d: 0)', () => {
    expect(report.completing).toBe(3);
    expect(report.completionRate).toBe(0.75);
  });

  it('cross-tabulates the pre survey answers of members still enrolled, without empty rows', () => {
    const self = report.surveys.find((s) => s.option === 'self');
    expect(self?.table.rowLabels).toEqual(['alone', 'partner']);
    // alone: a chose self, d did not; partner: b chose self. The withdrawn member is left out.
    expect(self?.table.observed).toEqual([
      [1, 1],
      [1, 0],
    ]);
    expect(report.surveys.map((s) => s.option)).toEqual(['self', 'child']);
    expect(self?.table.warnings.length).toBeGreaterThan(0);
  });

  it('submits figures and exports rows with no answer and no name', () => {
    const figures = outcomeFigures(report, {
      providerId: 'p-1',
      communityPath: '2101',
      theme: 'x',
      theories: ['empowerment'],
    });
    expect(figures.dimensions[0]).toMatchObject({
      code: 'skill',
      n: 2,
      preMean: 2.5,
      postMean: 3.75,
      preBand: 'qualified',
    });
    const csv = outcomeCsv(report).split('\r\n');
    expect(csv[0]).toContain('pre_mean');
    expect(csv[1]).toMatch(/^skill,skill,skill,2,2\.5,2\.5,/);
  });
});

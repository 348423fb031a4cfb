import { recoverableCells, suppress } from '../coverage/suppression.js';
import { interventionsReport, sumCounters, type Totals } from './interventions-table.js';
import { interventionsTable } from './interventions-export.js';
import { outcomeRows, outcomesTable } from './outcomes-table.js';
import { emptyProgramme, type OutcomeState, type ProgrammeState } from './programme-state.js';
import { PEOPLE_FIGURES, type Figures } from './programme-counting.js';

const STREET = '2101.210102.210102001';
const name = (path: string) => ({ path, name: null, level: null });
const totals = (all: Figures, theme: Record<string, Figures> = {}, minutes = 0): Totals => ({
  all,
  theme,
  theory: {},
  volunteers: { minutes, logs: minutes > 0 ? 1 : 0 },
});

describe('interventions report table', () => {
  it('sums months, themes and theories', () => {
    const sum = sumCounters([
      { unit: STREET, month: '2026-03', all: { sessions: 2, enrolled: 10 }, theme: { a: { sessions: 2 } } },
      {
        unit: STREET,
        month: '2026-04',
        all: { sessions: 1 },
        theory: { empowerment: { sessions: 1 } },
        volunteers: { minutes: 90, logs: 1 },
      },
    ]);
    expect(sum).toEqual({
      all: { sessions: 3, enrolled: 10 },
      theme: { a: { sessions: 2 } },
      theory: { empowerment: { sessions: 1 } },
      volunteers: { minutes: 90, logs: 1 },
    });
  });

  it('computes rates and hours, and hides small counts of people complementarily', () => {
    const a = { enrolled: 10, outcomeMembers: 10, completing: 8, sessions: 6, attendances: 50, places: 60 };
    const b = { enrolled: 4, outcomeMembers: 4, completing: 3, sessions: 2, attendances: 7, places: 8 };
    const all = {
      enrolled: 14,
      outcomeMembers: 14,
      completing: 11,
      sessions: 8,
      attendances: 57,
      places: 68,
    };
    const report = interventionsReport({
      unit: name(STREET),
      from: '2026-03',
      to: '2026-04',
      total: totals(all, { a, b }, 210),
      children: [
        { name: name(`${STREET}.1`), totals: totals(a, { a }, 90) },
        { name: name(`${STREET}.2`), totals: totals(b, { b }, 120) },
      ],
      threshold: 5,
    });
    expect(report.unit.members.enrolled).toBe(14);
    expect(report.unit.outcomes).toMatchObject({ members: 14, completing: 11, completionRate: 0.7857 });
    expect(report.unit.sessions.attendanceRate).toBe(0.8382);
    expect(report.unit.volunteers).toEqual({ hours: 3.5, logs: 1 });
    // 4 is small: hidden, and the other child too (14 − 10 would give it away); the rate goes with them.
    const [first, second] = report.children;
    expect(second?.members.enrolled).toBeNull();
    expect(first?.members.enrolled).toBeNull();
    expect(second?.outcomes).toMatchObject({ members: null, completing: null, completionRate: null });
    expect(second?.sessions.held).toBe(2);
    expect(report.themes.map((t) => t.members.enrolled)).toEqual([null, null]);
    // The visible cells never give a hidden one away.
    const counts = report.children.map((_, r) =>
      PEOPLE_FIGURES.map((f) => [a, b][r]?.[f as keyof typeof a] ?? 0),
    );
    expect(recoverableCells(counts, suppress({ counts, threshold: 5, linked: [[2, 3]] }))).toEqual([]);
  });

  it('judges a unit without children on its own counts', () => {
    const report = interventionsReport({
      unit: name(`${STREET}.1`),
      from: '2026-03',
      to: '2026-03',
      total: totals({ enrolled: 3, outcomeMembers: 9, completing: 3 }),
      children: [],
      threshold: 5,
    });
    expect(report.unit.members.enrolled).toBeNull();
    // Completing is small, and the members of the outcomes go with it (the rate would tell).
    expect(report.unit.outcomes).toMatchObject({ members: null, completing: null, completionRate: null });
  });

  it('exports one table: the unit, its themes, theories and children', () => {
    const report = interventionsReport({
      unit: name(STREET),
      from: '2026-01',
      to: '2026-12',
      total: totals({ enrolled: 10, sessions: 1 }, { a: { enrolled: 10, sessions: 1 } }, 60),
      children: [{ name: name(`${STREET}.1`), totals: totals({ enrolled: 10, sessions: 1 }, {}, 60) }],
      threshold: 5,
    });
    const table = interventionsTable(report);
    expect(table.rows.map((r) => [r[0], r[1]])).toEqual([
      ['unit', STREET],
      ['theme', 'a'],
      ['child', `${STREET}.1`],
    ]);
    expect(table.rows[0]?.[table.columns.indexOf('members_enrolled')]).toBe(10);
    expect(table.rows[0]?.[table.columns.indexOf('volunteer_hours')]).toBe(1);
    expect(table.rows[1]?.[table.columns.indexOf('volunteer_hours')]).toBeNull();
  });
});

describe('outcomes table', () => {
  const dimension = (code: string, tTestP: number | null, meanChange: number | null, n = 9) => ({
    code,
    n,
    preMean: 2.5,
    postMean: 3.2,
    meanChange,
    ciLow: null,
    ciHigh: null,
    t: null,
    df: null,
    tTestP,
    wilcoxonStatistic: null,
    wilcoxonP: 0.2,
    wilcoxonMethod: 'exact' as const,
    cohensDz: null,
    preBand: 'qualified',
    postBand: 'good',
  });
  const programme = (
    id: string,
    members: number,
    completing: number,
    dimensions = [dimension('x', 0.01, 0.7)],
  ) => {
    const outcome: OutcomeState = {
      providerId: 'p-1',
      communityPath: `${STREET}.1`,
      theme: 'a',
      theories: ['empowerment'],
      instrument: 'i@1',
      members,
      completing,
      paired: members,
      leftOut: { postWithoutPre: 0, preWithoutPost: 0, withdrawn: 0 },
      dimensions,
      submittedAt: '2026-04-29T02:00:00.000Z',
    };
    const p: ProgrammeState = { ...emptyProgramme(id), status: 'completed', outcome };
    return p;
  };

  it('flags significance at p < 0.05 and improvement, and keeps the level bands', () => {
    const [row] = outcomeRows(
      [
        programme('pg-1', 10, 9, [
          dimension('x', 0.01, 0.7),
          dimension('y', 0.2, 0.3),
          dimension('z', 0.01, -0.5),
        ]),
      ],
      5,
    );
    expect(row?.dimensions.map((d) => [d.code, d.significant, d.wilcoxonSignificant, d.improved])).toEqual([
      ['x', true, false, true],
      ['y', false, false, false],
      ['z', true, false, false],
    ]);
    expect(row).toMatchObject({ members: 10, completing: 9, completionRate: 0.9, theme: 'a' });
    expect(row?.dimensions[0]).toMatchObject({ preBand: 'qualified', postBand: 'good', n: 9 });
  });

  it('hides small counts of people across the page, and a dimension’s n with its paired count', () => {
    const rows = outcomeRows(
      [programme('pg-1', 10, 3), programme('pg-2', 12, 10), programme('pg-3', 11, 9)],
      5,
    );
    // 3 is small; the smallest other completing (9) goes too, and each row's members with its rate.
    expect(rows.map((r) => r.completing)).toEqual([null, 10, null]);
    expect(rows.map((r) => r.members)).toEqual([null, 12, null]);
    expect(rows.map((r) => r.completionRate)).toEqual([null, 0.8333, null]);
    const small = outcomeRows([programme('pg-4', 4, 4, [dimension('x', 0.01, 0.7, 4)])], 5);
    expect(small[0]).toMatchObject({ members: null, paired: null });
    expect(small[0]?.dimensions[0]?.n).toBeNull();
    const table = outcomesTable({ unit: STREET, theme: null, threshold: 5, items: rows, next: null });
    expect(table.rows).toHaveLength(3);
    expect(table.rows[0]?.[table.columns.indexOf('significant')]).toBe(true);
  });
});

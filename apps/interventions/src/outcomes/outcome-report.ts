import type { InstrumentDefinition } from '../instruments/index.js';
import { attendanceOf } from '../sessions/completion.js';
import { crossTab, pairedOutcome, type CrossTab, type PairedOutcome } from './statistics/index.js';

export interface ReportInputs {
  programme: { _id: string; instrument: string; minSessionsAttended: number; plannedSessions: number };
  instrument: InstrumentDefinition;
  members: readonly { residentId: string; status: 'enrolled' | 'withdrawn' }[];
  sessions: readonly { attendeeIds: readonly string[] }[];
  assessments: readonly {
    residentId: string;
    phase: 'pre' | 'post';
    dimensions: Record<string, number>;
    categorical: Record<string, string[]>;
  }[];
}

export interface SurveyTable {
  /** A single-choice question (rows) against one option of a multiple-choice question (chose it or not). */
  rowQuestion: string;
  columnQuestion: string;
  option: string;
  table: CrossTab;
}

export interface OutcomeReport {
  programmeId: string;
  instrument: string;
  members: number;
  withdrawn: number;
  sessionsHeld: number;
  completing: number;
  /** Completing of the members still enrolled; null without members. */
  completionRate: number | null;
  paired: number;
  /** Who is left out of the paired figures, and why (ADR 0028). */
  leftOut: { postWithoutPre: number; preWithoutPost: number; withdrawn: number };
  dimensions: { code: string; title: { zh: string; en: string }; outcome: PairedOutcome }[];
  surveys: SurveyTable[];
  methods: string;
}

export const METHODS =
  'Paired figures use members still enrolled with both a pre and a post assessment. Dimension score: ' +
  'the mean of its items on the 1-5 scale after reverse scoring (6 - answer). Paired t-test of post - pre ' +
  '(two-sided), mean change with its 95% CI (t distribution, n - 1 df), Cohen’s d_z = mean / SD of the ' +
  'differences (n - 1). Wilcoxon signed-rank as scipy.stats.wilcoxon by default: zero differences dropped, ' +
  'exact distribution when n <= 50 without ties or zeros, otherwise the normal approximation with ' +
  'tie-corrected variance and no continuity correction (or SciPy’s permutation test for small samples ' +
  'with ties or zeros); two-sided. Level bands of the seeds: 2.25-3.0 qualified, 3.0-3.75 good, 3.75 and ' +
  'above excellent. Survey tables: chi-square test of independence on the pre answers (Yates-corrected ' +
  'for 2x2, as scipy.stats.chi2_contingency), with a warning when an expected count is under 5.';

/** The programme's outcome, recomputed from its records (a group of about ten: cheap, always current). */
export function buildOutcomeReport(inputs: ReportInputs): OutcomeReport {
  const { programme, instrument, members, sessions, assessments } = inputs;
  const active = members.filter((m) => m.status === 'enrolled').map((m) => m.residentId);
  const withdrawnIds = new Set(members.filter((m) => m.status === 'withdrawn').map((m) => m.residentId));
  const phaseOf = (phase: 'pre' | 'post') =>
    new Map(assessments.filter((a) => a.phase === phase).map((a) => [a.residentId, a]));
  const pre = phaseOf('pre');
  const post = phaseOf('post');
  const pairedIds = active.filter((id) => pre.has(id) && post.has(id));
  const attendance = attendanceOf(active, sessions, programme.minSessionsAttended);
  const completing = attendance.filter((a) => a.completing).length;
  const assessedWithdrawn = [...withdrawnIds].filter((id) => pre.has(id) || post.has(id)).length;
  return {
    programmeId: programme._id,
    instrument: programme.instrument,
    members: members.length,
    withdrawn: withdrawnIds.size,
    sessionsHeld: sessions.length,
    completing,
    completionRate: active.length === 0 ? null : completing / active.length,
    paired: pairedIds.length,
    leftOut: {
      postWithoutPre: active.filter((id) => post.has(id) && !pre.has(id)).length,
      preWithoutPost: active.filter((id) => pre.has(id) && !post.has(id)).length,
      withdrawn: assessedWithdrawn,
    },
    dimensions: instrument.dimensions.map((d) => ({
      code: d.code,
      title: d.title,
      outcome: pairedOutcome(
        pairedIds.map((id) => pre.get(id)?.dimensions[d.code] ?? null),
        pairedIds.map((id) => post.get(id)?.dimensions[d.code] ?? null),
      ),
    })),
    surveys: surveyTables(
      instrument,
      [...pre.values()].filter((a) => !withdrawnIds.has(a.residentId)),
    ),
    methods: METHODS,
  };
}

/** Each single-choice question against each option of each multiple-choice question (seed 001, figure 5). */
function surveyTables(
  instrument: InstrumentDefinition,
  answers: readonly { categorical: Record<string, string[]> }[],
): SurveyTable[] {
  const questions = instrument.questions ?? [];
  const tables: SurveyTable[] = [];
  for (const row of questions.filter((q) => !q.multiple)) {
    for (const column of questions.filter((q) => q.multiple)) {
      const both = answers.filter((a) => a.categorical[row.code] && a.categorical[column.code]);
      if (both.length === 0) continue;
      // Rows that someone chose: an option nobody chose would be an empty row (no test possible).
      const rows = row.options
        .map((o) => o.code)
        .filter((code) => both.some((a) => a.categorical[row.code]?.[0] === code));
      for (const option of column.options) {
        const counts = rows.map((code) => {
          const inRow = both.filter((a) => a.categorical[row.code]?.[0] === code);
          const chose = inRow.filter((a) => a.categorical[column.code]?.includes(option.code)).length;
          return [chose, inRow.length - chose];
        });
        tables.push({
          rowQuestion: row.code,
          columnQuestion: column.code,
          option: option.code,
          table: crossTab(counts, rows, ['chose', 'did-not-choose']),
        });
      }
    }
  }
  return tables;
}

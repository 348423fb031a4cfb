import type { ProgrammeStatus } from '#anlao/events';
import type { ReportTable } from '../reports/table-export.js';
import { suppress } from '../coverage/suppression.js';
import { isImproved, SIGNIFICANCE } from './programme-counting.js';
import { isEnrolled, placementOf, type OutcomeState, type ProgrammeState } from './programme-state.js';

type Dimension = OutcomeState['dimensions'][number];

export interface DimensionRow extends Omit<Dimension, 'n'> {
  /** Members paired on the dimension; null where suppressed. */
  n: number | null;
  /** Paired t-test p < 0.05; null without a test. */
  significant: boolean | null;
  /** Wilcoxon signed-rank p < 0.05; null without a test. */
  wilcoxonSignificant: boolean | null;
  /** Mean change above zero and significant by the t-test. */
  improved: boolean;
}

export interface ProgrammeOutcomeRow {
  programmeId: string;
  providerId: string;
  communityPath: string;
  theme: string;
  theories: string[];
  status: ProgrammeStatus;
  plannedSessions: number | null;
  sessionsHeld: number;
  instrument: string;
  submittedAt: string;
  /** Counts of people (from the outcome); null where suppressed. */
  members: number | null;
  completing: number | null;
  completionRate: number | null;
  paired: number | null;
  leftOut: { postWithoutPre: number | null; preWithoutPost: number | null; withdrawn: number | null };
  /** Members enrolled now, as analytics read them (suppressed like the others). */
  enrolledNow: number | null;
  dimensions: DimensionRow[];
}

const below = (p: number | null) => (p === null ? null : p < SIGNIFICANCE);

/**
 * The page's programmes with their latest submitted outcome. Counts of people are suppressed
 * complementarily across the page's rows (members and completing linked: the rate gives either
 * away); a dimension's n goes with its programme's paired count.
 */
export function outcomeRows(programmes: readonly ProgrammeState[], threshold: number): ProgrammeOutcomeRow[] {
  const listed = programmes.filter((p) => p.outcome !== null && placementOf(p) !== null);
  const counts = listed.map((p) => {
    const o = p.outcome as OutcomeState;
    const enrolledNow = p.members.filter(isEnrolled).length;
    return [
      o.members,
      o.completing,
      o.paired,
      o.leftOut.postWithoutPre,
      o.leftOut.preWithoutPost,
      o.leftOut.withdrawn,
      enrolledNow,
    ];
  });
  const hidden = suppress({ counts, threshold, linked: [[0, 1]] });
  return listed.map((p, r) => {
    const o = p.outcome as OutcomeState;
    const placement = placementOf(p) ?? o;
    const shown = (c: number) => (hidden.cells[r]?.[c] ? null : (counts[r]?.[c] ?? 0));
    const members = shown(0);
    const completing = shown(1);
    const paired = shown(2);
    return {
      programmeId: p._id,
      providerId: placement.providerId,
      communityPath: placement.communityPath,
      theme: placement.theme,
      theories: [...placement.theories],
      status: p.status,
      plannedSessions: p.registration?.plannedSessions ?? null,
      sessionsHeld: p.sessions.length,
      instrument: o.instrument,
      submittedAt: o.submittedAt,
      members,
      completing,
      completionRate:
        members === null || completing === null || members === 0
          ? null
          : Math.round((completing / members) * 10_000) / 10_000,
      paired,
      leftOut: { postWithoutPre: shown(3), preWithoutPost: shown(4), withdrawn: shown(5) },
      enrolledNow: shown(6),
      dimensions: o.dimensions.map((d) => ({
        ...d,
        n: paired === null || (d.n > 0 && d.n < threshold) ? null : d.n,
        significant: below(d.tTestP),
        wilcoxonSignificant: below(d.wilcoxonP),
        improved: isImproved(d),
      })),
    };
  });
}

export interface OutcomesReport {
  /** The unit listed (null: an organisation's own programmes anywhere). */
  unit: string | null;
  theme: string | null;
  threshold: number;
  items: ProgrammeOutcomeRow[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

const DIMENSION_COLUMNS = [
  'dimension',
  'n',
  'pre_mean',
  'post_mean',
  'mean_change',
  'ci_low',
  'ci_high',
  't',
  'df',
  't_test_p',
  'significant',
  'wilcoxon_statistic',
  'wilcoxon_p',
  'wilcoxon_method',
  'wilcoxon_significant',
  'cohens_dz',
  'pre_band',
  'post_band',
  'improved',
] as const;

type Cell = string | number | boolean | null;
const dimensionCells = (d: DimensionRow | undefined): Cell[] =>
  d
    ? [
        d.code,
        d.n,
        d.preMean,
        d.postMean,
        d.meanChange,
        d.ciLow,
        d.ciHigh,
        d.t,
        d.df,
        d.tTestP,
        d.significant,
        d.wilcoxonStatistic,
        d.wilcoxonP,
        d.wilcoxonMethod,
        d.wilcoxonSignificant,
        d.cohensDz,
        d.preBand,
        d.postBand,
        d.improved,
      ]
    : DIMENSION_COLUMNS.map(() => null);

/** One row per programme and dimension (a programme without dimensions: one row, dimension blank). */
export function outcomesTable(report: OutcomesReport): ReportTable {
  const columns = [
    'programme',
    'provider',
    'community',
    'theme',
    'theories',
    'status',
    'sessions_held',
    'instrument',
    'submitted_at',
    'members',
    'completing',
    'completion_rate',
    'paired',
    ...DIMENSION_COLUMNS,
  ];
  const rows = report.items.flatMap((p) => {
    const head: Cell[] = [
      p.programmeId,
      p.providerId,
      p.communityPath,
      p.theme,
      p.theories.join(' '),
      p.status,
      p.sessionsHeld,
      p.instrument,
      p.submittedAt,
      p.members,
      p.completing,
      p.completionRate,
      p.paired,
    ];
    const dims = p.dimensions.length > 0 ? p.dimensions : [undefined];
    return dims.map((d) => [...head, ...dimensionCells(d)]);
  });
  return {
    name: `intervention-outcomes-${report.unit ?? 'own'}${report.theme ? `-${report.theme}` : ''}`,
    columns,
    rows,
    notes: [
      ['unit', report.unit ?? 'own programmes'],
      ['theme', report.theme ?? 'all'],
      ['suppressed below', report.threshold],
      ['significant', `two-sided p < ${SIGNIFICANCE}`],
      ['next page', report.next ?? 'none'],
    ],
  };
}

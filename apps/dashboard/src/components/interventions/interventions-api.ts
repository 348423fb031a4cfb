import { getJson, type Page } from '../../api/http';

/** Shapes of the interventions service (apps/interventions/README.md) and analytics' intervention reports. */

export const PROGRAMME_STATUSES = ['planned', 'running', 'completed', 'cancelled'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export interface Programme {
  programmeId: string;
  providerId: string;
  contractId: string | null;
  communityPath: string;
  title: string;
  theme: string;
  theories: string[];
  targetGroups: { eligibilityCategories: string[]; priorityGroups: string[] };
  plannedSessions: number;
  minSessionsAttended: number;
  facilitatorWorkerId: string;
  instrument: string;
  status: ProgrammeStatus;
  revision: number;
}

export interface Member {
  residentId: string;
  communityPath: string;
  status: 'enrolled' | 'withdrawn';
  withdrawReason: string | null;
  attended: number;
  completing: boolean;
}

export interface ProgrammeSession {
  sessionNo: number;
  heldOn: string;
  topic: string;
  facilitatorWorkerId: string;
  attendeeIds: string[];
  notes: string | null;
}

export interface Descriptives {
  n: number;
  mean: number | null;
  median: number | null;
  sd: number | null;
}

export type LevelBand = 'below-qualified' | 'qualified' | 'good' | 'excellent';

export interface PairedOutcome {
  n: number;
  nIncomplete: number;
  pre: Descriptives;
  post: Descriptives;
  meanChange: number | null;
  meanChangeCi95: { level: number; lower: number; upper: number } | null;
  meanChangeCi95NullReason: string | null;
  tTest: { t: number; df: number; p: number } | null;
  tTestNullReason: string | null;
  effectSizeDz: number | null;
  effectSizeDzNullReason: string | null;
  wilcoxon: { statistic: number; p: number; method: 'exact' | 'permutation' | 'approx' } | null;
  wilcoxonNullReason: string | null;
  levels: { pre: LevelBand | null; post: LevelBand | null };
}

export interface Localised {
  zh: string;
  en: string;
}

export interface SurveyTable {
  rowQuestion: string;
  columnQuestion: string;
  option: string;
  table: {
    total: number;
    chiSquare: { statistic: number; df: number; p: number; yatesCorrected: boolean } | null;
    chiSquareNullReason: string | null;
    warnings: { code: string; cellsBelow: number; cellCount: number; minExpected: number }[];
  };
}

export interface OutcomeReport {
  programmeId: string;
  instrument: string;
  members: number;
  withdrawn: number;
  sessionsHeld: number;
  completing: number;
  completionRate: number | null;
  paired: number;
  leftOut: { postWithoutPre: number; preWithoutPost: number; withdrawn: number };
  dimensions: { code: string; title: Localised; outcome: PairedOutcome }[];
  surveys: SurveyTable[];
  methods: string;
}

export interface Instrument {
  code: string;
  version: number;
  title: Localised;
  scale: { min: number; max: number };
}

const base = '/api/interventions/programmes';
const id = (programmeId: string): string => `${base}/${encodeURIComponent(programmeId)}`;

export const fetchProgrammes = (
  status: string | undefined,
  after: string | undefined,
): Promise<Page<Programme>> => getJson<Page<Programme>>(base, { status, after, limit: 50 });
export const fetchProgramme = (programmeId: string): Promise<Programme> =>
  getJson<Programme>(id(programmeId));
export const fetchMembers = (programmeId: string): Promise<{ items: Member[] }> =>
  getJson<{ items: Member[] }>(`${id(programmeId)}/members`);
export const fetchSessions = (programmeId: string): Promise<{ items: ProgrammeSession[] }> =>
  getJson<{ items: ProgrammeSession[] }>(`${id(programmeId)}/sessions`);
export const fetchOutcome = (programmeId: string): Promise<OutcomeReport> =>
  getJson<OutcomeReport>(`${id(programmeId)}/outcome`);
/** Without its extension: `.csv` or `.xlsx` is added by the export buttons. */
export const outcomeExportPath = (programmeId: string): string => `${id(programmeId)}/outcome/export`;
export const fetchInstrument = (codeAtVersion: string): Promise<Instrument> =>
  getJson<Instrument>(`/api/interventions/instruments/${encodeURIComponent(codeAtVersion)}`);

/* Analytics: the unit's interventions over a range, and each programme's latest submitted outcome. */

export interface ProgrammeCounts {
  registered: number;
  started: number;
  active: number;
  completed: number;
  cancelled: number;
}
export interface SliceCounts {
  programmes: ProgrammeCounts;
  members: { enrolled: number | null; withdrawn: number | null };
  sessions: { held: number; attendances: number; places: number; attendanceRate: number | null };
  outcomes: {
    submitted: number;
    members: number | null;
    completing: number | null;
    completionRate: number | null;
    dimensions: number;
    improved: number;
  };
}
export interface SliceRow extends SliceCounts {
  key: string;
}
export interface UnitRow extends SliceCounts {
  path: string;
  name: string | null;
  level: string | null;
  volunteers: { hours: number; logs: number };
}
export interface InterventionsReport {
  unit: UnitRow;
  from: string;
  to: string;
  threshold: number;
  themes: SliceRow[];
  theories: SliceRow[];
  children: UnitRow[];
}

export interface DimensionSummary {
  code: string;
  n: number | null;
  significant: boolean | null;
  improved: boolean;
}
export interface ProgrammeOutcomeSummary {
  programmeId: string;
  providerId: string;
  communityPath: string;
  theme: string;
  theories: string[];
  status: string;
  plannedSessions: number | null;
  sessionsHeld: number;
  instrument: string;
  submittedAt: string;
  members: number | null;
  completing: number | null;
  completionRate: number | null;
  paired: number | null;
  leftOut: { postWithoutPre: number | null; preWithoutPost: number | null; withdrawn: number | null };
  enrolledNow: number | null;
  dimensions: DimensionSummary[];
}

export interface ReportQuery {
  unit?: string;
  from?: string;
  to?: string;
  [key: string]: string | undefined;
}

export const REPORT_PATH = '/api/analytics/intervention-reports';
export const OUTCOMES_PATH = '/api/analytics/intervention-reports/outcomes';

export const fetchReport = (query: ReportQuery): Promise<InterventionsReport> =>
  getJson<InterventionsReport>(REPORT_PATH, query);
export const fetchOutcomeSummaries = (
  query: { unit?: string; theme?: string },
  after: string | undefined,
): Promise<Page<ProgrammeOutcomeSummary>> =>
  getJson<Page<ProgrammeOutcomeSummary>>(OUTCOMES_PATH, { ...query, after, limit: 50 });

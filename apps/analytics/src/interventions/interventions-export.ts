import type { ReportTable } from '../reports/table-export.js';
import type { FiguresRow, InterventionsReport, UnitRow } from './interventions-table.js';
import type { UnitName } from './programme-counting.js';

const COLUMNS = [
  'section',
  'key',
  'name',
  'level',
  'programmes_registered',
  'programmes_started',
  'programme_months_active',
  'programmes_completed',
  'programmes_cancelled',
  'members_enrolled',
  'members_withdrawn',
  'sessions_held',
  'attendances',
  'attendance_rate',
  'outcomes_submitted',
  'outcome_members',
  'completing',
  'completion_rate',
  'dimensions',
  'dimensions_improved',
  'volunteer_hours',
  'volunteer_logs',
];

/** One table: the unit, then its themes, theories and children (`section` tells which). */
export function interventionsTable(report: InterventionsReport): ReportTable {
  const line = (
    section: string,
    key: string,
    r: FiguresRow,
    name: UnitName | null,
    v: UnitRow['volunteers'] | null,
  ) => [
    section,
    key,
    name?.name ?? null,
    name?.level ?? null,
    r.programmes.registered,
    r.programmes.started,
    r.programmes.active,
    r.programmes.completed,
    r.programmes.cancelled,
    r.members.enrolled,
    r.members.withdrawn,
    r.sessions.held,
    r.sessions.attendances,
    r.sessions.attendanceRate,
    r.outcomes.submitted,
    r.outcomes.members,
    r.outcomes.completing,
    r.outcomes.completionRate,
    r.outcomes.dimensions,
    r.outcomes.improved,
    v?.hours ?? null,
    v?.logs ?? null,
  ];
  const u = report.unit;
  return {
    name: `interventions-${u.path}-${report.from}-${report.to}`,
    columns: COLUMNS,
    rows: [
      line('unit', u.path, u, u, u.volunteers),
      ...report.themes.map((t) => line('theme', t.key, t, null, null)),
      ...report.theories.map((t) => line('theory', t.key, t, null, null)),
      ...report.children.map((c) => line('child', c.path, c, c, c.volunteers)),
    ],
    notes: [
      ['unit', u.path],
      ['from', report.from],
      ['to', report.to],
      ['suppressed below', report.threshold],
      [
        'blank',
        'suppressed (small count of people, or it would reveal one); volunteer hours are per unit only',
      ],
    ],
  };
}

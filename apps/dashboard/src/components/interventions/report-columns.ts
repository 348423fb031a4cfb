import type { Column } from '../columns';
import type { SliceCounts, SliceRow, UnitRow } from './interventions-api';

type Translate = (key: string) => string;

type Count = [key: string, label: string, read: (r: SliceCounts) => number | null, sortable: boolean];

/** Every slice's counts: column key, label (`interventions.report.*`), value, sortable. Rates are percentages. */
const COUNTS: Count[] = [
  ['registered', 'registered', (r) => r.programmes.registered, true],
  ['active', 'active', (r) => r.programmes.active, true],
  ['completed', 'completed', (r) => r.programmes.completed, true],
  ['cancelled', 'cancelled', (r) => r.programmes.cancelled, false],
  ['enrolled', 'enrolled', (r) => r.members.enrolled, true],
  ['withdrawn', 'withdrawn', (r) => r.members.withdrawn, false],
  ['held', 'sessionsHeld', (r) => r.sessions.held, true],
  ['attendances', 'attendances', (r) => r.sessions.attendances, false],
  ['attendanceRate', 'attendanceRate', (r) => r.sessions.attendanceRate, true],
  ['submitted', 'outcomes', (r) => r.outcomes.submitted, false],
  ['completionRate', 'completionRate', (r) => r.outcomes.completionRate, true],
  ['improved', 'improved', (r) => r.outcomes.improved, false],
  ['dimensions', 'dimensions', (r) => r.outcomes.dimensions, false],
];

/** The columns every slice of the unit report shares (programmes, members, sessions, outcomes). */
export function countColumns<Row extends SliceCounts>(t: Translate): Column<Row>[] {
  return COUNTS.map(([key, label, read, sortable]) => ({
    key,
    label: t(`interventions.report.${label}`),
    kind: key.endsWith('Rate') ? 'percent' : 'integer',
    sortable,
    value: read,
  }));
}

export function unitColumns(t: Translate): Column<UnitRow>[] {
  return [
    { key: 'name', label: t('common.unit'), sortable: true, minWidth: 140, value: (r) => r.name ?? r.path },
    ...countColumns<UnitRow>(t),
    {
      key: 'hours',
      label: t('interventions.report.volunteerHours'),
      kind: 'decimal',
      sortable: true,
      value: (r) => r.volunteers.hours,
    },
  ];
}

export function sliceColumns(
  t: Translate,
  keyLabel: string,
  keyName: (key: string) => string,
): Column<SliceRow>[] {
  return [
    { key: 'key', label: keyLabel, sortable: true, minWidth: 150, display: (r) => keyName(r.key) },
    ...countColumns<SliceRow>(t),
  ];
}

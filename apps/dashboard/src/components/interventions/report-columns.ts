import type { Column } from '../columns';
import type { SliceCounts, SliceRow, UnitRow } from './interventions-api';

type Translate = (key: string) => string;

/** The columns every slice of the unit report shares (programmes, members, sessions, outcomes). */
export function countColumns<Row extends SliceCounts>(t: Translate): Column<Row>[] {
  const k = (key: string): string => t(`interventions.report.${key}`);
  return [
    {
      key: 'registered',
      label: k('registered'),
      kind: 'integer',
      sortable: true,
      value: (r) => r.programmes.registered,
    },
    { key: 'active', label: k('active'), kind: 'integer', sortable: true, value: (r) => r.programmes.active },
    {
      key: 'completed',
      label: k('completed'),
      kind: 'integer',
      sortable: true,
      value: (r) => r.programmes.completed,
    },
    { key: 'cancelled', label: k('cancelled'), kind: 'integer', value: (r) => r.programmes.cancelled },
    {
      key: 'enrolled',
      label: k('enrolled'),
      kind: 'integer',
      sortable: true,
      value: (r) => r.members.enrolled,
    },
    { key: 'withdrawn', label: k('withdrawn'), kind: 'integer', value: (r) => r.members.withdrawn },
    { key: 'held', label: k('sessionsHeld'), kind: 'integer', sortable: true, value: (r) => r.sessions.held },
    { key: 'attendances', label: k('attendances'), kind: 'integer', value: (r) => r.sessions.attendances },
    {
      key: 'attendanceRate',
      label: k('attendanceRate'),
      kind: 'percent',
      sortable: true,
      value: (r) => r.sessions.attendanceRate,
    },
    { key: 'submitted', label: k('outcomes'), kind: 'integer', value: (r) => r.outcomes.submitted },
    {
      key: 'completionRate',
      label: k('completionRate'),
      kind: 'percent',
      sortable: true,
      value: (r) => r.outcomes.completionRate,
    },
    { key: 'improved', label: k('improved'), kind: 'integer', value: (r) => r.outcomes.improved },
    { key: 'dimensions', label: k('dimensions'), kind: 'integer', value: (r) => r.outcomes.dimensions },
  ];
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

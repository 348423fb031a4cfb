import type { EChartsOption } from 'echarts';
import type { Member, ProgrammeSession } from './interventions-api';

/** One member's line of the members × sessions grid. */
export interface AttendanceRow {
  residentId: string;
  status: Member['status'];
  withdrawReason: string | null;
  attended: number;
  completing: boolean;
  /** Session number → present. */
  present: Record<number, boolean>;
}

/** The grid as the API reports it: each member, and whether they are among each session's attendees. */
export function attendanceGrid(members: Member[], sessions: ProgrammeSession[]): AttendanceRow[] {
  const attendees = new Map(sessions.map((s) => [s.sessionNo, new Set(s.attendeeIds)]));
  return members.map((m) => ({
    residentId: m.residentId,
    status: m.status,
    withdrawReason: m.withdrawReason,
    attended: m.attended,
    completing: m.completing,
    present: Object.fromEntries(
      sessions.map((s) => [s.sessionNo, attendees.get(s.sessionNo)?.has(m.residentId) ?? false]),
    ),
  }));
}

/** Attendees per session, in session order. */
export function sessionsChartOption(
  sessions: ProgrammeSession[],
  text: { attendees: string; session: (no: number) => string },
): EChartsOption {
  const ordered = [...sessions].sort((a, b) => a.sessionNo - b.sessionNo);
  return {
    grid: { left: 16, right: 16, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: ordered.map((s) => text.session(s.sessionNo)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: text.attendees,
        type: 'bar',
        barMaxWidth: 40,
        itemStyle: { color: '#1d5fbf' },
        label: { show: true, position: 'top', color: '#1f2329' },
        data: ordered.map((s) => s.attendeeIds.length),
      },
    ],
  };
}

/**
 * Who completes a programme (ADR 0028): a member attending at least `minSessionsAttended` of the
 * sessions held (e.g. 5 of 6). Pure: the sessions' attendance lists and the enrolled members in.
 */
export interface Attendance {
  residentId: string;
  attended: number;
  completing: boolean;
}

export function attendanceOf(
  memberIds: readonly string[],
  sessions: readonly { attendeeIds: readonly string[] }[],
  minSessionsAttended: number,
): Attendance[] {
  const counts = new Map(memberIds.map((id) => [id, 0]));
  for (const session of sessions)
    for (const id of new Set(session.attendeeIds))
      if (counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return memberIds.map((residentId) => {
    const attended = counts.get(residentId) ?? 0;
    return { residentId, attended, completing: attended >= minSessionsAttended };
  });
}

import { attendanceOf } from './completion.js';

describe('completion rule', () => {
  const sessions = [
    { attendeeIds: ['a', 'b', 'c'] },
    { attendeeIds: ['a', 'b'] },
    { attendeeIds: ['a', 'c', 'a'] },
    { attendeeIds: ['a', 'b', 'x'] },
    { attendeeIds: ['a'] },
    { attendeeIds: ['b'] },
  ];

  it('counts each member once per session and completes at the threshold (5 of 6)', () => {
    expect(attendanceOf(['a', 'b', 'c', 'd'], sessions, 5)).toEqual([
      { residentId: 'a', attended: 5, completing: true },
      { residentId: 'b', attended: 4, completing: false },
      { residentId: 'c', attended: 2, completing: false },
      { residentId: 'd', attended: 0, completing: false },
    ]);
  });

  it('ignores attendees who are not members, and lowers the bar when the rule does', () => {
    const result = attendanceOf(['b'], sessions, 4);
    expect(result).toEqual([{ residentId: 'b', attended: 4, completing: true }]);
    expect(attendanceOf([], sessions, 1)).toEqual([]);
  });
});

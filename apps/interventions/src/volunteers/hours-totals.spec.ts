import { addToTally, emptyTally, foldHours, totalsOf } from './hours-totals.js';

describe('volunteer hours totals', () => {
  const logs = [
    { residentId: 'r-2', activity: 'companionship', minutes: 90 },
    { residentId: 'r-1', activity: 'phone-help', minutes: 45 },
    { residentId: 'r-1', activity: 'companionship', minutes: 60 },
    { residentId: 'r-2', activity: 'patrol', minutes: 120 },
    { residentId: 'r-1', activity: 'companionship', minutes: 30 },
  ];

  it('sums minutes and counts logs per volunteer, per activity and for the team, sorted', () => {
    expect(foldHours(logs)).toEqual({
      team: { minutes: 345, logs: 5 },
      volunteers: [
        { residentId: 'r-1', minutes: 135, logs: 3 },
        { residentId: 'r-2', minutes: 210, logs: 2 },
      ],
      activities: [
        { activity: 'companionship', minutes: 180, logs: 3 },
        { activity: 'patrol', minutes: 120, logs: 1 },
        { activity: 'phone-help', minutes: 45, logs: 1 },
      ],
    });
  });

  it('gives every named volunteer a line, zero when they logged nothing', () => {
    const totals = foldHours(logs.slice(0, 1), ['r-3', 'r-2', 'r-3']);
    expect(totals.volunteers).toEqual([
      { residentId: 'r-2', minutes: 90, logs: 1 },
      { residentId: 'r-3', minutes: 0, logs: 0 },
    ]);
    expect(foldHours([], ['r-1'])).toEqual({
      team: { minutes: 0, logs: 0 },
      volunteers: [{ residentId: 'r-1', minutes: 0, logs: 0 }],
      activities: [],
    });
  });

  it('folds page by page to the same totals as all at once, whatever the page size', () => {
    for (const size of [1, 2, 3, 5]) {
      const tally = emptyTally();
      for (let i = 0; i < logs.length; i += size) addToTally(tally, logs.slice(i, i + size));
      expect(totalsOf(tally)).toEqual(foldHours(logs));
    }
  });

  it('hands out copies: reading the totals never changes the tally', () => {
    const tally = addToTally(emptyTally(), logs);
    const first = totalsOf(tally);
    first.team.minutes = 0;
    first.volunteers[0]!.minutes = 0;
    expect(totalsOf(tally)).toEqual(foldHours(logs));
  });
});

import { createEvent, type EventEnvelope } from '#anlao/events';
import { foldVisitsByDay } from './fold-visits.js';

function visit(visitId: string, centreId: string, checkInAt: string): EventEnvelope<'visit.recorded'> {
  return createEvent({
    type: 'visit.recorded',
    source: 'test',
    subject: visitId,
    orgUnit: '2101',
    correlationId: 'fold',
    payload: { visitId, centreId, residentId: 'r-1', activity: 'meal', checkInAt, checkOutAt: null },
  });
}

describe('foldVisitsByDay', () => {
  const dayOf = (instant: string) => instant.slice(0, 10);

  it('groups events by centre and day, keeping their order within each group', () => {
    const a1 = visit('a1', 'c-a', '2026-11-25T01:00:00.000Z');
    const b1 = visit('b1', 'c-b', '2026-11-25T02:00:00.000Z');
    const a2 = visit('a2', 'c-a', '2026-11-25T03:00:00.000Z');
    const a3 = visit('a3', 'c-a', '2026-11-26T01:00:00.000Z');
    const folds = foldVisitsByDay([a1, b1, a2, a3], dayOf);
    expect(folds).toEqual([
      { key: { centreId: 'c-a', day: '2026-11-25', orgUnit: '2101' }, eventIds: [a1.id, a2.id] },
      { key: { centreId: 'c-b', day: '2026-11-25', orgUnit: '2101' }, eventIds: [b1.id] },
      { key: { centreId: 'c-a', day: '2026-11-26', orgUnit: '2101' }, eventIds: [a3.id] },
    ]);
  });

  it('counts an event delivered twice in one batch once', () => {
    const a1 = visit('a1', 'c-a', '2026-11-25T01:00:00.000Z');
    expect(foldVisitsByDay([a1, a1], dayOf)[0]?.eventIds).toEqual([a1.id]);
  });

  it('uses the given local day, not the UTC date', () => {
    const late = visit('late', 'c-a', '2026-11-25T17:30:00.000Z');
    const shanghaiDay = (instant: string) =>
      new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(foldVisitsByDay([late], shanghaiDay)[0]?.key.day).toBe('2026-11-26');
  });
});

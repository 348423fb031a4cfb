import type { EventEnvelope } from '#anlao/events';

export interface DayKey {
  centreId: string;
  day: string;
  orgUnit: string;
}

export interface DayFold {
  key: DayKey;
  /** Distinct event ids, in the order they came. */
  eventIds: string[];
}

/** The visit events that move a day's count: a recording adds one, a void takes it away. */
export type CountedVisitEvent = EventEnvelope<'visit.recorded'> | EventEnvelope<'visit.voided'>;

/** Groups visit events by centre and local day of check-in: one projection write per group. */
export function foldVisitsByDay(
  events: readonly CountedVisitEvent[],
  dayOf: (instant: string) => string,
): DayFold[] {
  const folds = new Map<string, DayFold>();
  for (const event of events) {
    const { centreId, checkInAt } = event.payload;
    const day = dayOf(checkInAt);
    const id = `${centreId}:${day}`;
    const fold = folds.get(id) ?? { key: { centreId, day, orgUnit: event.orgUnit }, eventIds: [] };
    if (!fold.eventIds.includes(event.id)) fold.eventIds.push(event.id);
    folds.set(id, fold);
  }
  return [...folds.values()];
}

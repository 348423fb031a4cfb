import type { EventEnvelope } from '#anlao/events';

/** One step of an order as it happened: the event that recorded it and when. */
export interface OrderHistoryEntry {
  event: string;
  at: string;
}

/**
 * The order's history after a write that carries `events`: each `order.*` event appended with its
 * `occurredAt`. Every change of an order goes through its repository's one update with its events
 * (ADR 0025), so the history has a line for every transition, rating and payment answer, and the
 * times shown to the hotline are the events' own.
 */
export function historyAfter(
  history: readonly OrderHistoryEntry[] | undefined,
  events: readonly EventEnvelope[],
): OrderHistoryEntry[] {
  return [
    ...(history ?? []),
    ...events.filter((e) => e.type.startsWith('order.')).map((e) => ({ event: e.type, at: e.occurredAt })),
  ];
}

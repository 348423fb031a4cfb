import type { VisitActivity, VisitVoidReason } from '#anlao/events';
import { DomainError, parseInstant, type Page } from '#anlao/platform';

/** What the visit queries read of a stored visit: never its outbox fields nor staff's void note. */
export interface VisitRead {
  /** `${centreId}:${visitId}` */
  _id: string;
  visitId: string;
  centreId: string;
  residentId: string;
  activity: VisitActivity;
  /** Absent on visits stored before the city-local day was kept: no query shows those. */
  day?: string;
  checkInAt: Date;
  checkOutAt: Date | null;
  voidedAt?: Date | null;
  voidReason?: VisitVoidReason | null;
}

export type VisitState = 'open' | 'closed' | 'voided';

export function stateOf(v: VisitRead): VisitState {
  if (v.voidedAt) return 'voided';
  return v.checkOutAt ? 'closed' : 'open';
}

/** One visit of a centre's day, as listed: ids and coded facts only. */
export interface DayVisitItem {
  visitId: string;
  residentId: string;
  activity: VisitActivity;
  checkInAt: string;
  checkOutAt: string | null;
  status: VisitState;
  voidReason: VisitVoidReason | null;
}

export function dayItemOf(v: VisitRead): DayVisitItem {
  return {
    visitId: v.visitId,
    residentId: v.residentId,
    activity: v.activity,
    checkInAt: v.checkInAt.toISOString(),
    checkOutAt: v.checkOutAt?.toISOString() ?? null,
    status: stateOf(v),
    voidReason: v.voidedAt ? (v.voidReason ?? null) : null,
  };
}

/** One visit of a resident's history: which centre and which day too. */
export interface HistoryItem extends DayVisitItem {
  centreId: string;
  day: string;
}

export function historyItemOf(v: VisitRead): HistoryItem {
  return { ...dayItemOf(v), centreId: v.centreId, day: v.day ?? '' };
}

export interface DayFilter {
  activity?: VisitActivity;
  residentId?: string;
  includeVoided: boolean;
}

export function filterDay(visits: VisitRead[], filter: DayFilter): VisitRead[] {
  return visits.filter(
    (v) =>
      (filter.includeVoided || !v.voidedAt) &&
      (filter.activity === undefined || v.activity === filter.activity) &&
      (filter.residentId === undefined || v.residentId === filter.residentId),
  );
}

const INSTANT = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`;
/** A day list's cursor: the last item's check-in and visit id (`~` is in neither). */
export const DAY_CURSOR = new RegExp(`^(${INSTANT})~([A-Za-z0-9._-]{1,64})$`);
/** A history's cursor: the last item's check-in and `centreId:visitId`. */
export const HISTORY_CURSOR = new RegExp(`^(${INSTANT})~([A-Za-z0-9-]{1,64}:[A-Za-z0-9._-]{1,64})$`);

interface Key {
  at: number;
  id: string;
}

/** Check-in first, then an id: two visits checked in at the same instant still have one order. */
function compareKeys(a: Key, b: Key): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function parseCursor(after: string, pattern: RegExp): Key {
  const m = pattern.exec(after);
  const at = m ? parseInstant(m[1]) : null;
  if (!m || !at)
    throw new DomainError('invalid', 'request.invalid', 'after must be the next value of a previous page', [
      { field: 'after', message: 'the next value of a previous page' },
    ]);
  return { at: at.getTime(), id: m[2] ?? '' };
}

/**
 * One page of visits held in memory, in (check-in, id) order, ascending or newest first.
 * The cursor is the last item's key, not its position, so a page is right even when
 * visits were recorded or voided between two calls.
 */
function pageInOrder(
  visits: VisitRead[],
  order: { idOf: (v: VisitRead) => string; pattern: RegExp; newestFirst: boolean },
  page: { after?: string; limit: number },
): Page<VisitRead> {
  const sign = order.newestFirst ? -1 : 1;
  const keyOf = (v: VisitRead): Key => ({ at: v.checkInAt.getTime(), id: order.idOf(v) });
  const from = page.after === undefined ? null : parseCursor(page.after, order.pattern);
  const sorted = visits
    .filter((v) => from === null || sign * compareKeys(keyOf(v), from) > 0)
    .sort((a, b) => sign * compareKeys(keyOf(a), keyOf(b)));
  const items = sorted.slice(0, page.limit);
  const last = items.at(-1);
  const next =
    sorted.length > page.limit && last ? `${last.checkInAt.toISOString()}~${order.idOf(last)}` : null;
  return { items, next };
}

/** A page of one centre-day's visits, by check-in then visit id. */
export function dayPage(visits: VisitRead[], page: { after?: string; limit: number }): Page<VisitRead> {
  return pageInOrder(visits, { idOf: (v) => v.visitId, pattern: DAY_CURSOR, newestFirst: false }, page);
}

/** A page of a resident's history, newest first; visits without a day (stored before it was kept) left out. */
export function historyPage(visits: VisitRead[], page: { after?: string; limit: number }): Page<VisitRead> {
  return pageInOrder(
    visits.filter((v) => typeof v.day === 'string'),
    { idOf: (v) => v._id, pattern: HISTORY_CURSOR, newestFirst: true },
    page,
  );
}

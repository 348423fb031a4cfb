import { localDay } from '#anlao/platform';
import type { ProfileEvent } from '../resident-profiles/resident-profile.js';
import type { CoverageEvent, StepContext } from './coverage-events.js';
import type { MonthService } from './resident-month.js';

/** How far back a change of a resident restates coverage (months, the current one included). */
export const RESTATE_MONTHS = 24;

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = (y ?? 0) * 12 + (m ?? 1) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to`, both included, at most RESTATE_MONTHS ending at `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const start = from < addMonths(to, 1 - RESTATE_MONTHS) ? addMonths(to, 1 - RESTATE_MONTHS) : from;
  const out: string[] = [];
  for (let m = start > to ? to : start; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The months a resident event restates: from the month it takes effect to the current one. */
export function restatedMonths(event: ProfileEvent, ctx: StepContext): string[] {
  const effective =
    event.type === 'eligibility.assessed'
      ? event.payload.assessedOn
      : event.type === 'resident.died'
        ? event.payload.diedOn
        : localDay(event.occurredAt, ctx.timeZone);
  return monthsBetween(effective.slice(0, 7), ctx.currentMonth);
}

/** The services an event brings, each in the local month it happened in. */
export function servicesOf(
  event: CoverageEvent,
  timeZone: string,
): { residentId: string; month: string; service: MonthService }[] {
  const monthOf = (instant: string) => localDay(instant, timeZone).slice(0, 7);
  switch (event.type) {
    case 'visit.recorded': {
      const p = event.payload;
      return [
        {
          residentId: p.residentId,
          month: monthOf(p.checkInAt),
          service: { kind: 'visit', id: p.visitId, at: p.checkInAt },
        },
      ];
    }
    case 'visit.voided': {
      const p = event.payload;
      return [
        {
          residentId: p.residentId,
          month: monthOf(p.checkInAt),
          service: { kind: 'visit-voided', id: p.visitId },
        },
      ];
    }
    case 'service.delivered': {
      const p = event.payload;
      return [
        {
          residentId: p.residentId,
          month: monthOf(p.deliveredAt),
          service: { kind: 'delivery', id: p.orderId, at: p.deliveredAt },
        },
      ];
    }
    case 'session.held': {
      const p = event.payload;
      const id = `${p.programmeId}:${p.sessionNo}`;
      return p.attendeeIds.map((residentId) => ({
        residentId,
        month: p.heldOn.slice(0, 7),
        service: { kind: 'session', id, at: p.heldOn } as const,
      }));
    }
    default:
      return [];
  }
}

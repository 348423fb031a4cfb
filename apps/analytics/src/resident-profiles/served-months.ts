import type { AnyEvent } from '#anlao/events';
import { localDay } from '#anlao/platform';
import type { ServedMonth } from './resident-profile.schema.js';

export type ServiceEvent = Extract<
  AnyEvent,
  { type: 'visit.recorded' | 'service.delivered' | 'session.held' }
>;

/**
 * The served-month marks one service event makes: a visit counts in the local month of its
 * check-in, a delivery in that of its end, an attended session in that of its day (one mark per
 * attendee). A void does not unmark: a voided visit was still a contact (left for [9/11] to decide).
 */
export function servedMarks(event: ServiceEvent, timeZone: string): ServedMonth[] {
  const mark = (
    residentId: string,
    day: string,
    firstBy: ServedMonth['firstBy'],
    firstAt: string,
  ): ServedMonth => {
    const month = day.slice(0, 7);
    return { _id: `${residentId}:${month}`, residentId, month, firstBy, firstAt };
  };
  switch (event.type) {
    case 'visit.recorded': {
      const p = event.payload;
      return [mark(p.residentId, localDay(new Date(p.checkInAt), timeZone), 'visit', p.checkInAt)];
    }
    case 'service.delivered': {
      const p = event.payload;
      return [mark(p.residentId, localDay(new Date(p.deliveredAt), timeZone), 'delivery', p.deliveredAt)];
    }
    case 'session.held': {
      const p = event.payload;
      return p.attendeeIds.map((id) => mark(id, p.heldOn, 'session', p.heldOn));
    }
  }
}

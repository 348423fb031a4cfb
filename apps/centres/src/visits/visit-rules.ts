import { createHash } from 'node:crypto';
import type { VisitActivity } from '#anlao/events';
import { localDay, parseInstant } from '#anlao/platform';
import type { CardStatus, ResidentCopy } from '#anlao/resident-copies';
import { isWithinOpeningHours, type OpeningHours } from '../centres/opening-hours.js';

/** One item of a report, as sent (its fields' syntax checked already by the DTO). */
export interface ReportedVisit {
  visitId: string;
  residentId?: string;
  cardNumber?: string;
  activity?: VisitActivity;
  checkInAt?: string;
  checkOutAt?: string | null;
}

export interface NormalizedVisit {
  visitId: string;
  residentId: string;
  activity: VisitActivity;
  checkInAt: Date;
  checkOutAt: Date | null;
  fingerprint: string;
}

export type RejectionCode =
  | 'visit.invalid'
  | 'visit.repeated-in-batch'
  | 'visit.in-future'
  | 'visit.check-out-before-check-in'
  | 'visit.stay-over-24h'
  | 'visit.too-late'
  | 'visit.outside-opening-hours'
  | 'visit.unknown'
  | 'visit.voided'
  | 'visit.publishing'
  | 'resident.unknown'
  | 'card.suspended'
  | 'card.lost'
  | 'resident.deceased'
  | 'resident.outside-area';

/** Why an item was refused: a code, a reason naming no person, and whether a retry may succeed. */
export interface Rejection {
  code: RejectionCode;
  reason: string;
  retryable?: true;
}

const reject = (code: RejectionCode, reason: string, retryable = false): Rejection =>
  retryable ? { code, reason, retryable: true } : { code, reason };

/** Centre clocks drift; a check-in a few minutes "ahead" of ours is still accepted. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** A day-care stay is at most a day; longer means a forgotten check-out typed wrong. */
export const MAX_STAY_MS = 24 * 3_600_000;
/** Default late window: a visit older than this is refused (per city: VISIT_LATE_WINDOW_DAYS). */
export const DEFAULT_LATE_WINDOW_DAYS = 30;

export interface VisitRulesContext {
  now: Date;
  lateWindowDays: number;
  timeZone: string;
  /** `openingHours` null or absent: the centre has no hours, every time of day is fine. */
  centre: { communityPath: string; communityOnly: boolean; openingHours?: OpeningHours | null };
}

/** What an item asks for: a (possibly complete) visit, or the check-out of an open one. */
export type ItemKind =
  | { kind: 'check-in'; checkInAt: Date; checkOutAt: Date | null }
  | { kind: 'check-out'; checkOutAt: Date }
  | { kind: 'invalid'; rejection: Rejection };

/** The item's shape: a check-in names exactly one of residentId/cardNumber and an activity. */
export function kindOf(v: ReportedVisit): ItemKind {
  const checkInAt = v.checkInAt ? parseInstant(v.checkInAt) : null;
  const checkOutAt = v.checkOutAt ? parseInstant(v.checkOutAt) : null;
  if (!checkInAt) {
    if (!checkOutAt)
      return { kind: 'invalid', rejection: reject('visit.invalid', 'needs checkInAt or checkOutAt') };
    if (v.residentId || v.cardNumber || v.activity)
      return {
        kind: 'invalid',
        rejection: reject('visit.invalid', 'a check-out alone names only visitId and checkOutAt'),
      };
    return { kind: 'check-out', checkOutAt };
  }
  if (Boolean(v.residentId) === Boolean(v.cardNumber))
    return {
      kind: 'invalid',
      rejection: reject('visit.invalid', 'needs exactly one of residentId or cardNumber'),
    };
  if (!v.activity)
    return { kind: 'invalid', rejection: reject('visit.invalid', 'a check-in needs an activity') };
  return { kind: 'check-in', checkInAt, checkOutAt };
}

/** Time rules of a stay; `checkOutAt` null: an open visit. */
export function timeRejection(
  checkInAt: Date,
  checkOutAt: Date | null,
  ctx: VisitRulesContext,
): Rejection | null {
  const latest = ctx.now.getTime() + CLOCK_SKEW_MS;
  if (checkInAt.getTime() > latest || (checkOutAt && checkOutAt.getTime() > latest))
    return reject('visit.in-future', 'a time is in the future');
  if (checkOutAt && checkOutAt < checkInAt)
    return reject('visit.check-out-before-check-in', 'checkOutAt is before checkInAt');
  if (checkOutAt && checkOutAt.getTime() - checkInAt.getTime() > MAX_STAY_MS)
    return reject('visit.stay-over-24h', 'checkOutAt is more than 24 hours after checkInAt');
  if (checkInAt.getTime() < ctx.now.getTime() - ctx.lateWindowDays * 86_400_000)
    return reject('visit.too-late', `the visit is older than the late window of ${ctx.lateWindowDays} days`);
  return null;
}

/**
 * Residents queue before the doors open and staff check the last ones in while closing; a
 * centre's clock and its hours are both approximate. Half an hour either side still counts as
 * within the hours, so only a visit plainly outside them (a wrong day or time typed) is refused.
 */
export const OPENING_HOURS_GRACE_MINUTES = 30;

/** A check-in outside the centre's hours (city-local weekday and time), with the grace either side. */
export function openingHoursRejection(checkInAt: Date, ctx: VisitRulesContext): Rejection | null {
  const hours = ctx.centre.openingHours;
  if (!hours) return null;
  return isWithinOpeningHours(hours, checkInAt, ctx.timeZone, OPENING_HOURS_GRACE_MINUTES)
    ? null
    : reject('visit.outside-opening-hours', 'the check-in is outside the centre’s opening hours');
}

/** Who an item names, as found in the read model: by id, or by a card number and its card. */
export type Resolution =
  | { by: 'resident'; copy: ResidentCopy | null }
  | { by: 'card'; copy: ResidentCopy | null; cardId: string | null };

/**
 * The resident rules. Unknown is retryable: a resident registered (or a card issued)
 * moments ago may not have reached this service's read model yet.
 */
export function residentRejection(
  resolution: Resolution,
  checkInAt: Date,
  ctx: VisitRulesContext,
): { rejection: Rejection } | { residentId: string } {
  const copy = resolution.copy;
  const status: CardStatus | null =
    resolution.by === 'card' && copy
      ? (copy.cards.find((c) => c.cardId === resolution.cardId)?.status ?? null)
      : null;
  if (!copy || (resolution.by === 'card' && !status))
    return {
      rejection: reject(
        'resident.unknown',
        resolution.by === 'card'
          ? 'no such card is known here (yet)'
          : 'no such resident is known here (yet)',
        true,
      ),
    };
  if (status === 'suspended') return { rejection: reject('card.suspended', 'the card is suspended') };
  if (status === 'lost') return { rejection: reject('card.lost', 'the card was reported lost and replaced') };
  if (!copy.alive && copy.diedOn && localDay(checkInAt, ctx.timeZone) > copy.diedOn)
    return { rejection: reject('resident.deceased', 'the visit is after the resident’s recorded death') };
  if (ctx.centre.communityOnly && !withinPath(copy.communityPath, ctx.centre.communityPath))
    return { rejection: reject('resident.outside-area', 'the centre serves its own community only') };
  return { residentId: copy._id };
}

function withinPath(path: string, area: string): boolean {
  return path === area || path.startsWith(`${area}.`);
}

/** A check-out reported alone, against the stored visit of that id. */
export function checkOutDecision(
  stored: { checkInAt: Date; checkOutAt: Date | null; voidedAt?: Date | null } | null,
  checkOutAt: Date,
  ctx: VisitRulesContext,
): { close: true } | { status: 'duplicate' | 'conflict' } | { rejection: Rejection } {
  if (!stored)
    return { rejection: reject('visit.unknown', 'no visit with this visitId was reported by this centre') };
  // Staff voided it: a late check-out must not revive a visit that counts nowhere.
  if (stored.voidedAt) return { rejection: reject('visit.voided', 'this visit was voided by staff') };
  if (stored.checkOutAt)
    return { status: stored.checkOutAt.getTime() === checkOutAt.getTime() ? 'duplicate' : 'conflict' };
  const late = { ...ctx, lateWindowDays: Number.POSITIVE_INFINITY };
  const rejection = timeRejection(stored.checkInAt, checkOutAt, late);
  return rejection ? { rejection } : { close: true };
}

export function fingerprintOf(
  residentId: string,
  activity: string,
  checkInAt: Date,
  checkOutAt: Date | null,
): string {
  return createHash('sha256')
    .update([residentId, activity, checkInAt.toISOString(), checkOutAt?.toISOString() ?? ''].join('|'))
    .digest('base64url')
    .slice(0, 22);
}

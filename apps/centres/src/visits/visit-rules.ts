import { createHash } from 'node:crypto';
import type { VisitActivity } from '#anlao/events';
import { parseInstant, type FieldProblem } from '#anlao/platform';

export interface ReportedVisit {
  visitId: string;
  residentId: string;
  activity: VisitActivity;
  checkInAt: string;
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

/** Centre clocks drift; a check-in a few minutes "ahead" of ours is still accepted. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** A day-care stay is at most a day; longer means a forgotten check-out typed wrong. */
export const MAX_STAY_MS = 24 * 3_600_000;
/** The platform's records begin here; an earlier check-in is a typing error (0999, 1900). */
export const EARLIEST_CHECK_IN = new Date('2000-01-01T00:00:00Z');

/**
 * Checks a batch as a whole: one bad visit refuses the batch, so a centre never
 * has to guess which half was stored. Late visits (days or weeks old) are fine.
 */
export function checkVisitBatch(
  visits: ReportedVisit[],
  now: Date,
): { ok: true; visits: NormalizedVisit[] } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const normalized = visits.map((v, i) => {
    const field = (name: string) => `visits.${i}.${name}`;
    // The DTO has checked these already; this guards callers that skip it (an invalid
    // Date would otherwise throw a RangeError in the fingerprint below).
    const checkInAt = parseInstant(v.checkInAt) ?? EARLIEST_CHECK_IN;
    const checkOutAt = v.checkOutAt ? (parseInstant(v.checkOutAt) ?? checkInAt) : null;
    if (parseInstant(v.checkInAt) === null)
      problems.push({ field: field('checkInAt'), message: 'must be an instant with a zone' });
    else if (checkInAt < EARLIEST_CHECK_IN)
      problems.push({ field: field('checkInAt'), message: 'is before 2000-01-01' });
    if (v.checkOutAt && parseInstant(v.checkOutAt) === null)
      problems.push({ field: field('checkOutAt'), message: 'must be an instant with a zone' });
    if (seen.has(v.visitId))
      problems.push({ field: field('visitId'), message: 'appears twice in this batch' });
    seen.add(v.visitId);
    if (checkInAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
      problems.push({ field: field('checkInAt'), message: 'is in the future' });
    if (checkOutAt) {
      if (checkOutAt < checkInAt)
        problems.push({ field: field('checkOutAt'), message: 'is before checkInAt' });
      else if (checkOutAt.getTime() - checkInAt.getTime() > MAX_STAY_MS)
        problems.push({ field: field('checkOutAt'), message: 'is more than 24 hours after checkInAt' });
      if (checkOutAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
        problems.push({ field: field('checkOutAt'), message: 'is in the future' });
    }
    return {
      visitId: v.visitId,
      residentId: v.residentId,
      activity: v.activity,
      checkInAt,
      checkOutAt,
      fingerprint: fingerprintOf(v.residentId, v.activity, checkInAt, checkOutAt),
    };
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, visits: normalized };
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

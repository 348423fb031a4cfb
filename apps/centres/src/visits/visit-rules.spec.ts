import { checkVisitBatch } from './visit-rules.js';

const now = new Date('2026-11-25T06:00:00Z');
const base = { residentId: 'r-1', activity: 'meal' as const, checkInAt: '2026-11-25T03:00:00Z' };

describe('checkVisitBatch', () => {
  it('accepts late visits and normalizes times', () => {
    const result = checkVisitBatch([{ ...base, visitId: 'a', checkInAt: '2026-10-01T03:00:00Z' }], now);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.visits[0]?.checkInAt.toISOString()).toBe('2026-10-01T03:00:00.000Z');
      expect(result.visits[0]?.checkOutAt).toBeNull();
    }
  });

  it('tolerates five minutes of clock skew but not more', () => {
    expect(checkVisitBatch([{ ...base, visitId: 'a', checkInAt: '2026-11-25T06:04:00Z' }], now).ok).toBe(
      true,
    );
    const late = checkVisitBatch([{ ...base, visitId: 'a', checkInAt: '2026-11-25T06:06:00Z' }], now);
    expect(late).toEqual({
      ok: false,
      problems: [{ field: 'visits.0.checkInAt', message: 'is in the future' }],
    });
  });

  it('refuses a check-out before check-in, or more than a day later', () => {
    const r = checkVisitBatch(
      [
        { ...base, visitId: 'a', checkOutAt: '2026-11-25T02:00:00Z' },
        { ...base, visitId: 'b', checkInAt: '2026-11-20T03:00:00Z', checkOutAt: '2026-11-21T03:00:01Z' },
      ],
      now,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['visits.0.checkOutAt', 'visits.1.checkOutAt']);
  });

  it('refuses the same visit id twice in one batch', () => {
    const r = checkVisitBatch(
      [
        { ...base, visitId: 'a' },
        { ...base, visitId: 'a' },
      ],
      now,
    );
    expect(r.ok).toBe(false);
  });

  it('gives equal facts equal fingerprints and different facts different ones', () => {
    const r = checkVisitBatch(
      [
        { ...base, visitId: 'a' },
        { ...base, visitId: 'b' },
        { ...base, visitId: 'c', activity: 'recreation' },
      ],
      now,
    );
    if (!r.ok) throw new Error('expected ok');
    expect(r.visits[0]?.fingerprint).toBe(r.visits[1]?.fingerprint);
    expect(r.visits[0]?.fingerprint).not.toBe(r.visits[2]?.fingerprint);
  });

  it.each([
    ['0999-11-20T02:00:00Z', 'is before 2000-01-01'],
    ['1900-11-20T02:00:00Z', 'is before 2000-01-01'],
    ['2026-11-20T02:00:00', 'must be an instant with a zone'],
    ['2026-02-30T02:00:00Z', 'must be an instant with a zone'],
    [undefined, 'must be an instant with a zone'],
  ])('refuses check-in %p without throwing', (checkInAt, message) => {
    const r = checkVisitBatch([{ ...base, visitId: 'a', checkInAt: checkInAt as string }], now);
    expect(r).toEqual({ ok: false, problems: [{ field: 'visits.0.checkInAt', message }] });
  });
});

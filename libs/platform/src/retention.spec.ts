import { RetentionConfigSchema } from './config.js';
import { firstPassDelayMs } from './retention-jobs.js';
import {
  DAY_MS,
  expiredDays,
  FIRST_PASS_LOOKBACK_DAYS,
  laterDay,
  retentionCutoff,
  shiftDay,
  startOfUtcDay,
  utcDay,
} from './retention.js';

describe('retention cut-off', () => {
  it('is the start of the UTC day, `days` whole days back, whatever the time of day', () => {
    const cutoff = new Date('2026-10-11T00:00:00.000Z');
    expect(retentionCutoff(new Date('2026-11-25T00:00:00.000Z'), 45)).toEqual(cutoff);
    expect(retentionCutoff(new Date('2026-11-25T23:59:59.999Z'), 45)).toEqual(cutoff);
    // Beijing's morning of the 26th is still the 25th in UTC.
    expect(retentionCutoff(new Date('2026-11-26T07:30:00+08:00'), 45)).toEqual(cutoff);
  });

  it('keeps an entry at least `days` full days and prunes it within one more', () => {
    const written = new Date('2026-03-01T12:00:00.000Z');
    const days = 30;
    const kept = (now: Date) => written >= retentionCutoff(now, days);
    expect(kept(new Date(written.getTime() + days * DAY_MS))).toBe(true);
    expect(kept(new Date('2026-03-31T23:59:59.999Z'))).toBe(true);
    expect(kept(new Date('2026-04-01T00:00:00.000Z'))).toBe(false);
  });

  it('refuses a retention that is not whole days of at least one', () => {
    expect(() => retentionCutoff(new Date(), 0)).toThrow(RangeError);
    expect(() => retentionCutoff(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe('day buckets', () => {
  it('names the UTC day of an instant, across month, year and leap-day boundaries', () => {
    expect(utcDay(new Date('2028-02-29T23:59:59.999Z'))).toBe('2028-02-29');
    expect(utcDay(new Date('2026-01-01T07:00:00+08:00'))).toBe('2025-12-31');
    expect(startOfUtcDay(new Date('2026-11-25T13:14:15Z'))).toEqual(new Date('2026-11-25T00:00:00Z'));
    expect(shiftDay('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(() => shiftDay('2026-1-1', 1)).toThrow(RangeError);
  });

  it('empties every day that ended before the cut-off, after the last one emptied', () => {
    const cutoff = new Date('2026-03-02T00:00:00Z');
    expect(expiredDays(cutoff, '2026-02-26')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(expiredDays(cutoff, '2026-03-01')).toEqual([]);
    // A later "pruned through" (retention was made longer) leaves nothing to do.
    expect(expiredDays(cutoff, '2026-05-01')).toEqual([]);
  });

  it('looks back a bounded number of days on a first pass', () => {
    const cutoff = new Date('2026-11-25T00:00:00Z');
    const days = expiredDays(cutoff, null);
    expect(days).toHaveLength(FIRST_PASS_LOOKBACK_DAYS);
    expect(days[0]).toBe(shiftDay('2026-11-25', -FIRST_PASS_LOOKBACK_DAYS));
    expect(days.at(-1)).toBe('2026-11-24');
    expect(expiredDays(cutoff, null, 3)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
  });

  it('never moves "pruned through" back', () => {
    expect(laterDay(null, '2026-01-02')).toBe('2026-01-02');
    expect(laterDay('2026-01-03', '2026-01-02')).toBe('2026-01-03');
    expect(laterDay('2026-01-03', null)).toBe('2026-01-03');
  });
});

describe('retention settings', () => {
  const parse = (env: Record<string, string>) => RetentionConfigSchema.safeParse(env);

  it('defaults: inbox 45 days, dead letters 30, audit and identity topics 14, domain topics for ever', () => {
    const result = parse({});
    expect(result.success && result.data).toMatchObject({
      RETENTION_PRUNING: 'on',
      RETENTION_PRUNE_INTERVAL_MINUTES: 60,
      INBOX_RETENTION_DAYS: 45,
      KAFKA_DEAD_LETTER_RETENTION_DAYS: 30,
      KAFKA_AUDIT_RETENTION_DAYS: 14,
      KAFKA_IDENTITY_RETENTION_DAYS: 14,
      KAFKA_EVENTS_RETENTION_DAYS: null,
    });
    const finite = parse({ KAFKA_EVENTS_RETENTION_DAYS: '30' });
    expect(finite.success && finite.data.KAFKA_EVENTS_RETENTION_DAYS).toBe(30);
  });

  it('refuses an inbox that a replayed dead letter or a re-read topic could outlive', () => {
    const issues = (env: Record<string, string>) => {
      const result = parse(env);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ INBOX_RETENTION_DAYS: '30', KAFKA_DEAD_LETTER_RETENTION_DAYS: '30' })).toEqual([
      expect.stringMatching(/^INBOX_RETENTION_DAYS: must be longer than KAFKA_DEAD_LETTER_RETENTION_DAYS/),
    ]);
    expect(issues({ KAFKA_EVENTS_RETENTION_DAYS: '90' })).toEqual([
      expect.stringMatching(/^INBOX_RETENTION_DAYS: must be at least KAFKA_EVENTS_RETENTION_DAYS/),
    ]);
    expect(issues({ KAFKA_EVENTS_RETENTION_DAYS: '90', INBOX_RETENTION_DAYS: '90' })).toEqual([]);
    expect(issues({ KAFKA_EVENTS_RETENTION_DAYS: 'always' })).toEqual([
      expect.stringMatching(/^KAFKA_EVENTS_RETENTION_DAYS: "forever" or a number of days/),
    ]);
    expect(issues({ INBOX_RETENTION_DAYS: '0' })[0]).toMatch(/^INBOX_RETENTION_DAYS/);
    expect(issues({ RETENTION_PRUNE_INTERVAL_MINUTES: '0' })[0]).toMatch(/^RETENTION_PRUNE_INTERVAL_MINUTES/);
  });
});

describe('first pass delay', () => {
  it('waits half to all of the interval, at most five minutes', () => {
    expect(firstPassDelayMs(60 * 60_000, 0)).toBe(150_000);
    expect(firstPassDelayMs(60 * 60_000, 1)).toBe(300_000);
    expect(firstPassDelayMs(60_000, 0.5)).toBe(45_000);
  });
});

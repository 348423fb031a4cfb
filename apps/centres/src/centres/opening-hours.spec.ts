import {
  intervalsProblem,
  isWithinOpeningHours,
  localWeekMinute,
  normalizeOpeningHours,
  sameOpeningHours,
} from './opening-hours.js';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('intervalsProblem', () => {
  it('accepts ordered, unordered and touching intervals that do not overlap', () => {
    expect(intervalsProblem([])).toBeNull();
    expect(intervalsProblem([{ from: '08:00', to: '17:30' }])).toBeNull();
    expect(
      intervalsProblem([
        { from: '14:00', to: '17:00' },
        { from: '08:00', to: '11:30' },
      ]),
    ).toBeNull();
    expect(
      intervalsProblem([
        { from: '08:00', to: '12:00' },
        { from: '12:00', to: '24:00' },
      ]),
    ).toBeNull();
  });
  it('refuses an interval that does not end after it starts', () => {
    expect(intervalsProblem([{ from: '09:00', to: '09:00' }])).toMatch(/from < to/);
    expect(intervalsProblem([{ from: '22:00', to: '02:00' }])).toMatch(/from < to/);
  });
  it('refuses overlapping intervals, whatever their order', () => {
    expect(
      intervalsProblem([
        { from: '13:00', to: '17:00' },
        { from: '08:00', to: '13:01' },
      ]),
    ).toMatch(/overlap/);
    expect(
      intervalsProblem([
        { from: '08:00', to: '17:00' },
        { from: '10:00', to: '11:00' },
      ]),
    ).toMatch(/overlap/);
  });
  it('leaves malformed times to the field rules', () => {
    expect(intervalsProblem([{ from: '8:00', to: '07:00' }])).toBeNull();
  });
});

describe('normalizeOpeningHours and sameOpeningHours', () => {
  it('fills every weekday and sorts, so equal timetables compare equal however sent', () => {
    const a = normalizeOpeningHours({
      mon: [
        { from: '14:00', to: '17:00' },
        { from: '08:00', to: '11:00' },
      ],
      sun: [],
    });
    const b = normalizeOpeningHours({
      mon: [
        { from: '08:00', to: '11:00' },
        { from: '14:00', to: '17:00' },
      ],
    });
    expect(Object.keys(a)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(a.mon[0]).toEqual({ from: '08:00', to: '11:00' });
    expect(sameOpeningHours(a, b)).toBe(true);
    expect(sameOpeningHours(a, normalizeOpeningHours({ mon: [{ from: '08:00', to: '11:00' }] }))).toBe(false);
    expect(sameOpeningHours(a, null)).toBe(false);
    expect(sameOpeningHours(null, null)).toBe(true);
  });
});

describe('localWeekMinute', () => {
  it('reads weekday and time in the city, not in UTC', () => {
    // 2026-11-22 is a Sunday; 23:30 UTC is Monday 07:30 in Shanghai.
    expect(localWeekMinute(at('2026-11-22T23:30:00Z'), SH)).toBe(7 * 60 + 30);
    expect(localWeekMinute(at('2026-11-22T23:30:00Z'), 'UTC')).toBe(6 * 1440 + 23 * 60 + 30);
  });
});

describe('isWithinOpeningHours', () => {
  const weekdays = normalizeOpeningHours({
    mon: [{ from: '08:00', to: '17:30' }],
    tue: [{ from: '00:00', to: '02:00' }],
    sun: [{ from: '20:00', to: '24:00' }],
  });
  const within = (iso: string, grace = 30) => isWithinOpeningHours(weekdays, at(iso), SH, grace);

  it('widens each interval by the grace, inclusive', () => {
    expect(within('2026-11-23T00:00:00Z')).toBe(true); // Mon 08:00
    expect(within('2026-11-22T23:30:00Z')).toBe(true); // Mon 07:30
    expect(within('2026-11-22T23:29:00Z')).toBe(false); // Mon 07:29
    expect(within('2026-11-23T10:00:00Z')).toBe(true); // Mon 18:00
    expect(within('2026-11-23T10:01:00Z')).toBe(false); // Mon 18:01
    expect(within('2026-11-22T23:30:00Z', 0)).toBe(false);
  });
  it('lets the grace cross midnight, Sunday into Monday included', () => {
    expect(within('2026-11-23T15:45:00Z')).toBe(true); // Mon 23:45, before Tuesday's 00:00
    expect(within('2026-11-23T15:29:00Z')).toBe(false); // Mon 23:29
    expect(within('2026-11-22T16:20:00Z')).toBe(true); // Mon 00:20, after Sunday's 24:00
    expect(within('2026-11-22T16:31:00Z')).toBe(false); // Mon 00:31
  });
  it('refuses a closed day', () => {
    expect(within('2026-11-25T02:00:00Z')).toBe(false); // Wednesday 10:00
  });
});

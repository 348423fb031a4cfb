import { daysBetween } from './centre-visits.controller.js';

describe('daysBetween', () => {
  it('counts calendar days, across a month end', () => {
    expect(daysBetween('2026-11-30', '2026-12-01')).toBe(1);
    expect(daysBetween('2026-11-01', '2026-11-01')).toBe(0);
    expect(daysBetween('2026-12-01', '2026-11-01')).toBe(-30);
  });
});

import { DomainError } from '#anlao/platform';
import { rangeOf, shiftMonth } from './report-range.js';

describe('report range', () => {
  it('moves months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', 14)).toBe('2028-01');
  });

  it('defaults to twelve months ending at `to`, and takes at most 24', () => {
    expect(rangeOf(undefined, '2026-11')).toHaveLength(12);
    expect(rangeOf(undefined, '2026-11')[0]).toBe('2025-12');
    expect(rangeOf('2024-12', '2026-11')).toHaveLength(24);
    expect(() => rangeOf('2024-11', '2026-11')).toThrow(DomainError);
    expect(() => rangeOf('2026-12', '2026-11')).toThrow(DomainError);
  });
});

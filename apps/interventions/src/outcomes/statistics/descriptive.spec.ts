import { describe as describeScores, mean, median, sampleSd } from './descriptive.js';

/** |actual − expected| ≤ rel·|expected|. */
function expectClose(actual: number | null, expected: number, rel = 1e-9): void {
  if (actual === null || !(Math.abs(actual - expected) <= rel * Math.abs(expected))) {
    throw new Error(`expected ${String(actual)} to be within ${rel} (relative) of ${expected}`);
  }
}

describe('descriptive statistics', () => {
  it('matches NumPy (mean, median, std ddof=1)', () => {
    // produced by: python3 scripts/reference/outcome-statistics.py (scipy 1.17.1, numpy 2.4.6): paired.exact10
    const pre = [2.4, 2.85, 3.1, 2.6, 3.35, 2.95, 2.2, 3.05, 2.75, 3.5];
    const post = [2.75, 3.05, 2.95, 3.15, 3.45, 3.4, 2.85, 3.0, 3.05, 3.75];
    const a = describeScores(pre);
    expect(a.n).toBe(10);
    expectClose(a.mean, 2.875);
    expectClose(a.median, 2.9000000000000004);
    expectClose(a.sd, 0.4050034293407622);
    const b = describeScores(post);
    expectClose(b.mean, 3.1399999999999997);
    expectClose(b.median, 3.05);
    expectClose(b.sd, 0.3062315754094894);
  });

  it('median: the middle value of an odd count, the mean of the two middle values of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([2.25, 3.5])).toBe(2.875);
    expect(median([7])).toBe(7);
  });

  it('SD is the sample SD (n − 1)', () => {
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14); // population SD would be 2
    expect(sampleSd([1, 2])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(sampleSd([3, 3, 3])).toBe(0);
  });

  it('keeps full precision: no rounding of Likert means', () => {
    expect(mean([3.25, 3.5, 3.75])).toBe(3.5);
    expect(mean([1, 2, 2])).toBe(5 / 3);
  });

  it('empty and single inputs give null where a figure is undefined', () => {
    expect(describeScores([])).toEqual({ n: 0, mean: null, median: null, sd: null });
    expect(describeScores([3.5])).toEqual({ n: 1, mean: 3.5, median: 3.5, sd: null });
  });

  it('does not reorder its input and refuses non-finite values', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
    expect(() => mean([1, NaN])).toThrow(RangeError);
    expect(() => median([Infinity])).toThrow(RangeError);
    expect(() => sampleSd([1, -Infinity])).toThrow(RangeError);
  });
});

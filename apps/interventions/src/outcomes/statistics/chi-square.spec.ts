import { chiSquareSurvival, crossTab, MIN_EXPECTED_COUNT } from './chi-square.js';

/** |actual − expected| ≤ rel·|expected| (or 1e-15 absolute when the expected value is 0). */
function expectClose(actual: number | null | undefined, expected: number, rel = 1e-9): void {
  if (
    typeof actual !== 'number' ||
    !(Math.abs(actual - expected) <= Math.max(rel * Math.abs(expected), 1e-15))
  ) {
    throw new Error(`expected ${String(actual)} to be within ${rel} (relative) of ${expected}`);
  }
}

function expectTableClose(actual: number[][] | null, expected: number[][]): void {
  expect(actual?.length).toBe(expected.length);
  expected.forEach((row, i) => row.forEach((e, j) => expectClose(actual?.[i]?.[j], e)));
}

const ROWS3 = ['alone', 'with partner', 'with children'];
const SELF_STUDY = ['self-study: yes', 'self-study: no'];

// produced by: python3 scripts/reference/outcome-statistics.py (scipy 1.17.1, numpy 2.4.6)
// scipy.stats.contingency.chi2_contingency(table) with its defaults (correction=True, lambda_=None)
const REFERENCE = {
  seed: {
    table: [
      [12, 4],
      [4, 8],
      [5, 12],
    ],
    chi2: 8.051470588235293,
    p: 0.017850294110426303,
    df: 2,
    expected: [
      [7.466666666666667, 8.533333333333333],
      [5.6, 6.4],
      [7.933333333333334, 9.066666666666666],
    ],
  },
  yates2x2: {
    table: [
      [12, 5],
      [6, 14],
    ],
    chi2: 4.543939198486413,
    p: 0.03303548581067889,
    df: 1,
    expected: [
      [8.27027027027027, 8.72972972972973],
      [9.72972972972973, 10.27027027027027],
    ],
  },
  yatesCapped: {
    table: [
      [5, 5],
      [5, 6],
    ],
    chi2: 0,
    p: 1,
    df: 1,
    expected: [
      [4.761904761904762, 5.238095238095238],
      [5.238095238095238, 5.761904761904762],
    ],
  },
  lowExpected: {
    table: [
      [3, 7],
      [2, 12],
      [8, 4],
    ],
    chi2: 7.908647873865265,
    p: 0.019171625397199386,
    df: 2,
    expected: [
      [3.611111111111111, 6.388888888888889],
      [5.055555555555555, 8.944444444444445],
      [4.333333333333333, 7.666666666666667],
    ],
  },
  twoByThree: {
    table: [
      [20, 15, 25],
      [10, 22, 8],
    ],
    chi2: 9.807534807534804,
    p: 0.007418581565416884,
    df: 2,
    expected: [
      [18, 22.2, 19.8],
      [12, 14.8, 13.2],
    ],
  },
  singleRow: { table: [[3, 4, 5]], chi2: 0, p: 1, df: 0, expected: [[3, 4, 5]] },
} as const;

const labels = (table: readonly (readonly number[])[], prefix = 'r'): [string[], string[]] => [
  table.map((_, i) => `${prefix}${i}`),
  (table[0] ?? []).map((_, j) => `c${j}`),
];

describe('crossTab against SciPy chi2_contingency', () => {
  it.each(Object.entries(REFERENCE))('%s: χ², df, p and the expected counts', (_, ref) => {
    const out = crossTab(ref.table, ...labels(ref.table));
    expect(out.chiSquareNullReason).toBeNull();
    expectClose(out.chiSquare?.statistic, ref.chi2);
    expect(out.chiSquare?.df).toBe(ref.df);
    expectClose(out.chiSquare?.p, ref.p);
    expect(out.chiSquare?.yatesCorrected).toBe(ref.df === 1);
    expectTableClose(out.expected, ref.expected as unknown as number[][]);
  });

  it('reproduces the seed: living arrangement × self-study, χ² = 8.051, p = 0.018, df = 2', () => {
    const out = crossTab(REFERENCE.seed.table, ROWS3, SELF_STUDY);
    expect(out.chiSquare?.statistic.toFixed(3)).toBe('8.051');
    expect(out.chiSquare?.p.toFixed(3)).toBe('0.018');
    expect(out.chiSquare?.df).toBe(2);
    expect(out.rowLabels).toEqual(ROWS3);
    expect(out.colLabels).toEqual(SELF_STUDY);
    expect(out.observed).toEqual([
      [12, 4],
      [4, 8],
      [5, 12],
    ]);
    expect(out.rowTotals).toEqual([16, 12, 17]);
    expect(out.colTotals).toEqual([21, 24]);
    expect(out.total).toBe(45);
    expect(out.warnings).toEqual([]); // every expected count is at least 5.6
  });

  it('2×2: Yates’ correction as SciPy applies it (uncorrected χ² would be 6.0598, p 0.0138)', () => {
    const out = crossTab(REFERENCE.yates2x2.table, ['alone', 'not alone'], SELF_STUDY);
    expect(out.chiSquare?.yatesCorrected).toBe(true);
    expect(out.chiSquare?.statistic).not.toBeCloseTo(6.059752321981425, 3);
  });

  it('2×2 whose |observed − expected| is under 0.5: the correction is capped at the difference (χ² = 0)', () => {
    const out = crossTab(REFERENCE.yatesCapped.table, ['a', 'b'], ['x', 'y']);
    expect(out.chiSquare).toEqual({ statistic: 0, df: 1, p: 1, yatesCorrected: true });
  });

  it('warns when an expected count is under 5', () => {
    const out = crossTab(REFERENCE.lowExpected.table, ROWS3, SELF_STUDY);
    expect(MIN_EXPECTED_COUNT).toBe(5);
    expect(out.warnings).toEqual([
      { code: 'expected-count-below-5', cellsBelow: 2, cellCount: 6, minExpected: expect.any(Number) },
    ]);
    expectClose(out.warnings[0]?.minExpected, 3.611111111111111);
    expect(out.chiSquare).not.toBeNull();
  });

  it('a single row (df = 0): χ² = 0, p = 1, as SciPy', () => {
    const out = crossTab([[3, 4, 5]], ['all'], ['a', 'b', 'c']);
    expect(out.chiSquare).toEqual({ statistic: 0, df: 0, p: 1, yatesCorrected: false });
  });

  it('an empty row or column: no test (SciPy raises ValueError), with the reason', () => {
    const out = crossTab(
      [
        [4, 0],
        [6, 0],
      ],
      ['alone', 'with partner'],
      SELF_STUDY,
    );
    expect(out.chiSquare).toBeNull();
    expect(out.expected).toBeNull();
    expect(out.chiSquareNullReason).toBe('empty-row-or-column');
    expect(out.colTotals).toEqual([10, 0]);
    expect(crossTab([[0, 0]], ['x'], ['a', 'b']).chiSquareNullReason).toBe('empty-row-or-column');
  });

  it('refuses tables that are not counts or do not fit their labels', () => {
    expect(() => crossTab([], [], [])).toThrow(RangeError);
    expect(() => crossTab([[]], ['a'], [])).toThrow(RangeError);
    expect(() => crossTab([[1, 2], [3]], ['a', 'b'], ['x', 'y'])).toThrow(RangeError);
    expect(() => crossTab([[1, -2]], ['a'], ['x', 'y'])).toThrow(RangeError);
    expect(() => crossTab([[1, 2.5]], ['a'], ['x', 'y'])).toThrow(RangeError);
    expect(() => crossTab([[1, NaN]], ['a'], ['x', 'y'])).toThrow(RangeError);
    expect(() => crossTab([[1, 2]], ['a', 'b'], ['x', 'y'])).toThrow(RangeError);
    expect(() => crossTab([[1, 2]], ['a'], ['x'])).toThrow(RangeError);
  });

  it('does not keep references to the caller’s arrays', () => {
    const table = [
      [12, 4],
      [4, 8],
      [5, 12],
    ];
    const out = crossTab(table, ROWS3, SELF_STUDY);
    (table[0] as number[])[0] = 99;
    expect(out.observed[0]).toEqual([12, 4]);
  });
});

describe('chiSquareSurvival', () => {
  it('is the upper tail, accurate far out (1 − CDF would round to 0)', () => {
    // df = 2: the survival function is exp(−x/2) exactly
    expectClose(chiSquareSurvival(8.051470588235293, 2), Math.exp(-8.051470588235293 / 2), 1e-14);
    expectClose(chiSquareSurvival(200, 2), Math.exp(-100), 1e-12);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});

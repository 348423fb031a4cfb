import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Survey cross-tabulation with Pearson's chi-square test of independence, matching the defaults of
 * SciPy 1.17.1's `scipy.stats.chi2_contingency(observed)`: `correction=True`, i.e. Yates' continuity
 * correction when df = 1 (a 2×2 table), each cell moved towards its expected count by
 * min(0.5, |observed − expected|); `lambda_=None` (Pearson). See README.md beside this file.
 */

/** Expected counts under this get a warning (the usual rule of thumb for the chi-square approximation). */
export const MIN_EXPECTED_COUNT = 5;

export interface ChiSquareTest {
  /** χ² (Yates-corrected when `yatesCorrected`). */
  statistic: number;
  df: number;
  p: number;
  yatesCorrected: boolean;
}

export interface LowExpectedCountWarning {
  code: 'expected-count-below-5';
  /** Cells whose expected count is under 5, of `cellCount`. */
  cellsBelow: number;
  cellCount: number;
  minExpected: number;
}

/** Why the test is null: a row or column total is zero, so an expected count is zero (SciPy raises). */
export type ChiSquareNullReason = 'empty-row-or-column';

export interface CrossTab {
  rowLabels: string[];
  colLabels: string[];
  observed: number[][];
  rowTotals: number[];
  colTotals: number[];
  total: number;
  /** rowTotal × colTotal / total; null with the test. */
  expected: number[][] | null;
  chiSquare: ChiSquareTest | null;
  chiSquareNullReason: ChiSquareNullReason | null;
  warnings: LowExpectedCountWarning[];
}

function validate(
  table: readonly (readonly number[])[],
  rowLabels: readonly string[],
  colLabels: readonly string[],
) {
  const cols = table[0]?.length ?? 0;
  if (table.length === 0 || cols === 0) throw new RangeError('a cross-tabulation needs at least one cell');
  for (const row of table) {
    if (row.length !== cols) throw new RangeError('every row of a cross-tabulation needs the same columns');
    for (const count of row) {
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new RangeError(`cross-tabulation counts are non-negative integers, got ${count}`);
      }
    }
  }
  if (rowLabels.length !== table.length || colLabels.length !== cols) {
    throw new RangeError(
      `labels do not fit the table: ${rowLabels.length}×${colLabels.length} labels for ${table.length}×${cols} cells`,
    );
  }
}

/** Upper tail of the chi-square distribution, Q(df/2, x/2), as SciPy's `chi2.sf` (no 1 − CDF cancellation). */
export function chiSquareSurvival(statistic: number, df: number): number {
  return gammainc(statistic / 2, df / 2, true, true);
}

/**
 * A labelled contingency table (rows × columns of counts) with its chi-square test of independence.
 * Throws RangeError for a ragged or empty table, a count that is not a non-negative integer, or labels that
 * do not fit.
 */
export function crossTab(
  table: readonly (readonly number[])[],
  rowLabels: readonly string[],
  colLabels: readonly string[],
): CrossTab {
  validate(table, rowLabels, colLabels);
  const observed = table.map((row) => [...row]);
  const rowTotals = observed.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = (observed[0] as number[]).map((_, j) =>
    observed.reduce((a, row) => a + (row[j] as number), 0),
  );
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const base = {
    rowLabels: [...rowLabels],
    colLabels: [...colLabels],
    observed,
    rowTotals,
    colTotals,
    total,
  };
  if (rowTotals.includes(0) || colTotals.includes(0)) {
    return {
      ...base,
      expected: null,
      chiSquare: null,
      chiSquareNullReason: 'empty-row-or-column',
      warnings: [],
    };
  }

  const expected = rowTotals.map((r) => colTotals.map((c) => (r * c) / total));
  const df = (rowTotals.length - 1) * (colTotals.length - 1);
  const yatesCorrected = df === 1;
  let statistic = 0;
  if (df > 0) {
    observed.forEach((row, i) =>
      row.forEach((o, j) => {
        const e = (expected[i] as number[])[j] as number;
        const adjusted = yatesCorrected ? o + Math.sign(e - o) * Math.min(0.5, Math.abs(e - o)) : o;
        statistic += (adjusted - e) ** 2 / e;
      }),
    );
  }
  // df = 0 (a single row or column): observed equals expected; SciPy reports χ² = 0 and p = 1.
  const p = df === 0 ? 1 : chiSquareSurvival(statistic, df);

  const cells = expected.flat();
  const below = cells.filter((e) => e < MIN_EXPECTED_COUNT);
  const warnings: LowExpectedCountWarning[] =
    below.length === 0
      ? []
      : [
          {
            code: 'expected-count-below-5',
            cellsBelow: below.length,
            cellCount: cells.length,
            minExpected: Math.min(...below),
          },
        ];

  return {
    ...base,
    expected,
    chiSquare: { statistic, df, p, yatesCorrected },
    chiSquareNullReason: null,
    warnings,
  };
}

import * as statistics from './index.js';
import { crossTab, pairedOutcome } from './index.js';

describe('outcome statistics entry points', () => {
  it('exports the two entry functions and the pieces', () => {
    expect(Object.keys(statistics).sort()).toEqual([
      'BAND_DECIMALS',
      'LEVEL_BAND_LOWER_BOUNDS',
      'MIN_EXPECTED_COUNT',
      'WILCOXON_EXACT_MAX_N',
      'WILCOXON_PERMUTATION_MAX_N',
      'chiSquareSurvival',
      'cohensDz',
      'crossTab',
      'describe',
      'levelBand',
      'mean',
      'median',
      'pairedOutcome',
      'pairedTTest',
      'sampleSd',
      'signedRankExactP',
      'wilcoxonSignedRank',
    ]);
  });

  it('pairedOutcome returns the full per-dimension figure object, JSON-safe', () => {
    // produced by: python3 scripts/reference/outcome-statistics.py (scipy 1.17.1, numpy 2.4.6): paired.exact10
    const out = pairedOutcome(
      [2.4, 2.85, 3.1, 2.6, 3.35, 2.95, 2.2, 3.05, 2.75, 3.5],
      [2.75, 3.05, 2.95, 3.15, 3.45, 3.4, 2.85, 3.0, 3.05, 3.75],
    );
    expect(out).toEqual({
      n: 10,
      nIncomplete: 0,
      pre: {
        n: 10,
        mean: expect.closeTo(2.875, 12),
        median: expect.closeTo(2.9, 12),
        sd: expect.closeTo(0.4050034293407622, 12),
      },
      post: {
        n: 10,
        mean: expect.closeTo(3.14, 12),
        median: expect.closeTo(3.05, 12),
        sd: expect.closeTo(0.3062315754094894, 12),
      },
      meanChange: expect.closeTo(0.265, 12),
      meanChangeCi95: {
        level: 0.95,
        lower: expect.closeTo(0.08414528603978358, 12),
        upper: expect.closeTo(0.44585471396021636, 12),
      },
      meanChangeCi95NullReason: null,
      tTest: { t: expect.closeTo(3.3146586838394123, 10), df: 9, p: expect.closeTo(0.00901671936233177, 12) },
      tTestNullReason: null,
      effectSizeDz: expect.closeTo(1.0481871106988494, 12),
      effectSizeDzNullReason: null,
      wilcoxon: {
        statistic: 4,
        p: 0.013671875,
        method: 'exact',
        wPlus: 51,
        wMinus: 4,
        nNonZero: 10,
        nZero: 0,
        hasTies: false,
      },
      wilcoxonNullReason: null,
      levels: { pre: 'qualified', post: 'good' },
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('crossTab returns the labelled table with its test', () => {
    const out = crossTab(
      [
        [12, 4],
        [4, 8],
        [5, 12],
      ],
      ['alone', 'with partner', 'with children'],
      ['yes', 'no'],
    );
    expect(out.chiSquare?.statistic.toFixed(3)).toBe('8.051');
    expect(out.chiSquare?.p.toFixed(3)).toBe('0.018');
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});

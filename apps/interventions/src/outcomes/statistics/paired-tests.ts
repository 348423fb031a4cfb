import ranks from '@stdlib/stats-ranks';
import ttest from '@stdlib/stats-ttest';
import wilcoxon from '@stdlib/stats-wilcoxon';
import { describe, mean, sampleSd, type Descriptives } from './descriptive.js';
import { levelBand, type LevelBand } from './level-band.js';

/**
 * Pre/post statistics of one dimension for the members who answered both times. Differences are
 * `post − pre`, so a positive mean change (and t) is an improvement. The tests follow SciPy 1.17.1's
 * defaults (`ttest_rel(post, pre)`, `wilcoxon(post, pre)`); see README.md beside this file.
 */

/** Why the t-test, its CI or d_z is null: fewer than two pairs, or the differences do not vary. */
export type TTestNullReason = 'too-few-pairs' | 'no-variance';
/** Why the Wilcoxon test is null: no pairs, or every difference is zero (nothing left to rank). */
export type WilcoxonNullReason = 'no-pairs' | 'all-differences-zero';

/**
 * How the Wilcoxon p-value was computed, as SciPy's `method='auto'` decides (n counts zero differences):
 * - `exact`: n ≤ 50, no ties and no zeros: the exact null distribution of the signed-rank statistic;
 * - `permutation`: n ≤ 13 with ties or zeros: all 2ⁿ sign flips enumerated (SciPy ≥ 1.15 runs an exact
 *   permutation test here, not the normal approximation);
 * - `approx`: otherwise: the normal approximation with tie-corrected variance, no continuity correction.
 */
export type WilcoxonMethod = 'exact' | 'permutation' | 'approx';

/** Paired t-test of `post − pre`, two-sided. */
export interface PairedTTest {
  t: number;
  df: number;
  p: number;
}

export interface ConfidenceInterval {
  level: 0.95;
  lower: number;
  upper: number;
}

/** Wilcoxon signed-rank test of `post − pre`, two-sided, zero differences dropped (`zero_method='wilcox'`). */
export interface WilcoxonSignedRank {
  /** min(W+, W−), as SciPy reports for the two-sided test. */
  statistic: number;
  p: number;
  method: WilcoxonMethod;
  /** Sum of the ranks of the positive differences (improvements). */
  wPlus: number;
  /** Sum of the ranks of the negative differences. */
  wMinus: number;
  /** Differences that were ranked (non-zero). */
  nNonZero: number;
  /** Zero differences, dropped before ranking. */
  nZero: number;
  /** Whether some non-zero |differences| are equal (they get average ranks). */
  hasTies: boolean;
}

/** The full per-dimension figure object. Every nullable figure that is null has its reason beside it. */
export interface PairedOutcome {
  /** Members with both a pre and a post score. */
  n: number;
  /** Members left out because their pre or post score is missing. */
  nIncomplete: number;
  pre: Descriptives;
  post: Descriptives;
  /** Mean of `post − pre`; null when there are no pairs. */
  meanChange: number | null;
  meanChangeCi95: ConfidenceInterval | null;
  meanChangeCi95NullReason: TTestNullReason | null;
  tTest: PairedTTest | null;
  tTestNullReason: TTestNullReason | null;
  /** Cohen's d_z = mean(d) / SD(d) with the sample SD (n − 1). */
  effectSizeDz: number | null;
  effectSizeDzNullReason: TTestNullReason | null;
  wilcoxon: WilcoxonSignedRank | null;
  wilcoxonNullReason: WilcoxonNullReason | null;
  /** The seeds' level bands of the pre and post means. */
  levels: { pre: LevelBand | null; post: LevelBand | null };
}

/** A figure, or null with the reason it could not be computed. */
export type Computed<T, R extends string> = { value: T; reason: null } | { value: null; reason: R };

const nullBecause = <R extends string>(reason: R): { value: null; reason: R } => ({ value: null, reason });

/** Largest n (zero differences included) for SciPy's exact distribution. */
export const WILCOXON_EXACT_MAX_N = 50;
/** Largest n (zero differences included) for SciPy's exact permutation test when there are ties or zeros. */
export const WILCOXON_PERMUTATION_MAX_N = 13;

/**
 * The t-test is meaningless when the differences do not vary: exactly (SD 0), or only by floating-point
 * noise (every |dᵢ − mean| under 10·ε·|mean|, the test SciPy uses to warn of catastrophic cancellation;
 * SciPy then reports t ≈ 10¹⁵ for differences that are all 0.2 up to rounding).
 */
function hasNoVariance(differences: readonly number[], meanDifference: number, sd: number): boolean {
  if (sd === 0) return true;
  let largest = 0;
  for (const d of differences) largest = Math.max(largest, Math.abs(d - meanDifference));
  return largest < 10 * Number.EPSILON * Math.abs(meanDifference);
}

function tTestGate(differences: readonly number[]): TTestNullReason | null {
  if (differences.length < 2) return 'too-few-pairs';
  const m = mean(differences) as number;
  return hasNoVariance(differences, m, sampleSd(differences) as number) ? 'no-variance' : null;
}

/** Paired t-test of the differences `post − pre` (stdlib's `ttest`, which matches SciPy's `ttest_rel`). */
export function pairedTTest(
  differences: readonly number[],
): Computed<PairedTTest & { ci95: ConfidenceInterval }, TTestNullReason> {
  const reason = tTestGate(differences);
  if (reason !== null) return nullBecause(reason);
  const result = ttest([...differences], { alpha: 0.05, alternative: 'two-sided', mu: 0 });
  const [lower, upper] = result.ci as [number, number];
  return {
    value: { t: result.statistic, df: result.df, p: result.pValue, ci95: { level: 0.95, lower, upper } },
    reason: null,
  };
}

/** Cohen's d_z: the mean difference over the sample SD of the differences. */
export function cohensDz(differences: readonly number[]): Computed<number, TTestNullReason> {
  const reason = tTestGate(differences);
  if (reason !== null) return nullBecause(reason);
  return { value: (mean(differences) as number) / (sampleSd(differences) as number), reason: null };
}

/**
 * Two-sided p of the signed-rank statistic under random signs, by exact enumeration of the 2^m sign
 * patterns of the m ranked differences (zero differences flip to themselves and change no proportion).
 * Works on doubled ranks so that average ranks (x.5) are integers. Every count is an integer below 2⁵³
 * for m ≤ 50 and every probability a multiple of 2^−m, so the result is exact in binary64, as SciPy's.
 */
export function signedRankExactP(rankValues: readonly number[], wPlus: number): number {
  const doubled = rankValues.map((r) => Math.round(2 * r));
  const total = doubled.reduce((a, b) => a + b, 0);
  const counts = new Array<number>(total + 1).fill(0);
  counts[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    for (let s = reach; s >= 0; s -= 1) counts[s + r] = (counts[s + r] as number) + (counts[s] as number);
    reach += r;
  }
  const observed = Math.round(2 * wPlus);
  let atMost = 0;
  let atLeast = 0;
  for (let s = 0; s <= total; s += 1) {
    const c = counts[s] as number;
    if (s <= observed) atMost += c;
    if (s >= observed) atLeast += c;
  }
  const outcomes = 2 ** doubled.length;
  return Math.min(1, 2 * Math.min(atMost / outcomes, atLeast / outcomes));
}

/**
 * Wilcoxon signed-rank test of the differences `post − pre` with SciPy's defaults
 * (`zero_method='wilcox'`, `correction=False`, `alternative='two-sided'`, `method='auto'`).
 */
export function wilcoxonSignedRank(
  differences: readonly number[],
): Computed<WilcoxonSignedRank, WilcoxonNullReason> {
  const n = differences.length;
  if (n === 0) return nullBecause('no-pairs');
  const nonZero = differences.filter((d) => d !== 0);
  const m = nonZero.length;
  if (m === 0) return nullBecause('all-differences-zero');

  const rankValues = ranks(
    nonZero.map((d) => Math.abs(d)),
    { method: 'average' },
  );
  let wPlus = 0;
  let wMinus = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) wPlus += rankValues[i] as number;
    else wMinus += rankValues[i] as number;
  });
  const hasTies = new Set(rankValues).size !== m;
  const nZero = n - m;

  let method: WilcoxonMethod;
  if (n > WILCOXON_EXACT_MAX_N) method = 'approx';
  else if (!hasTies && nZero === 0) method = 'exact';
  else if (n <= WILCOXON_PERMUTATION_MAX_N) method = 'permutation';
  else method = 'approx';

  // stdlib's wilcoxon takes the normal approximation whenever SciPy does (it does so for > 50 non-zero
  // differences, any zero, or any tie), with the same tie-corrected variance; correction: false drops
  // its default continuity correction. Its exact branch is not used (see README.md).
  const p =
    method === 'approx'
      ? wilcoxon([...differences], { alternative: 'two-sided', correction: false, zeroMethod: 'wilcox' })
          .pValue
      : signedRankExactP(rankValues, wPlus);

  return {
    value: { statistic: Math.min(wPlus, wMinus), p, method, wPlus, wMinus, nNonZero: m, nZero, hasTies },
    reason: null,
  };
}

type Score = number | null | undefined;

/**
 * Everything the outcome report shows for one dimension. `pre[i]` and `post[i]` are one member's
 * dimension scores (means of Likert items); a member with either missing (`null`/`undefined`) is left
 * out of every figure, so the pre and post descriptives describe the same members as the tests.
 */
export function pairedOutcome(pre: readonly Score[], post: readonly Score[]): PairedOutcome {
  if (pre.length !== post.length) {
    throw new RangeError(`pre and post must list the same members: ${pre.length} vs ${post.length} scores`);
  }
  const before: number[] = [];
  const after: number[] = [];
  pre.forEach((a, i) => {
    const b = post[i];
    if (a === null || a === undefined || b === null || b === undefined) return;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      throw new RangeError(`scores must be finite numbers, got ${a} and ${b} for member ${i}`);
    }
    before.push(a);
    after.push(b);
  });
  const differences = after.map((b, i) => b - (before[i] as number));

  const preStats = describe(before);
  const postStats = describe(after);
  const t = pairedTTest(differences);
  const dz = cohensDz(differences);
  // Dimension scores are means of a few items (fifths, quarters): equal changes can differ in the last
  // bit (4.2 − 3.4 vs 3.0 − 2.2). Ranked at 12 significant digits they tie, as they do on paper and
  // in any export a researcher would rerun; the t-test keeps the raw differences.
  const w = wilcoxonSignedRank(differences.map((d) => Number(d.toPrecision(12))));

  return {
    n: differences.length,
    nIncomplete: pre.length - differences.length,
    pre: preStats,
    post: postStats,
    meanChange: mean(differences),
    meanChangeCi95: t.value?.ci95 ?? null,
    meanChangeCi95NullReason: t.reason,
    tTest: t.value === null ? null : { t: t.value.t, df: t.value.df, p: t.value.p },
    tTestNullReason: t.reason,
    effectSizeDz: dz.value,
    effectSizeDzNullReason: dz.reason,
    wilcoxon: w.value,
    wilcoxonNullReason: w.reason,
    levels: { pre: levelBand(preStats.mean), post: levelBand(postStats.mean) },
  };
}

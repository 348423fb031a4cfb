/** Outcome statistics of group interventions: pure functions, no Nest, no I/O. See README.md here. */
export { describe, mean, median, sampleSd, type Descriptives } from './descriptive.js';
export { BAND_DECIMALS, LEVEL_BAND_LOWER_BOUNDS, levelBand, type LevelBand } from './level-band.js';
export {
  cohensDz,
  pairedOutcome,
  pairedTTest,
  signedRankExactP,
  wilcoxonSignedRank,
  WILCOXON_EXACT_MAX_N,
  WILCOXON_PERMUTATION_MAX_N,
  type Computed,
  type ConfidenceInterval,
  type PairedOutcome,
  type PairedTTest,
  type TTestNullReason,
  type WilcoxonMethod,
  type WilcoxonNullReason,
  type WilcoxonSignedRank,
} from './paired-tests.js';
export {
  chiSquareSurvival,
  crossTab,
  MIN_EXPECTED_COUNT,
  type ChiSquareNullReason,
  type ChiSquareTest,
  type CrossTab,
  type LowExpectedCountWarning,
} from './chi-square.js';

/**
 * The seeds' level bands for a dimension mean.
 *
 * Bands are lower-inclusive, upper-exclusive, so an exact boundary value belongs to the higher band:
 *
 * | band              | mean            |
 * | ----------------- | --------------- |
 * | `below-qualified` | < 2.25          |
 * | `qualified`       | [2.25, 3.0)     |
 * | `good`            | [3.0, 3.75)     |
 * | `excellent`       | ≥ 3.75          |
 *
 * A mean is classified after rounding it to {@link BAND_DECIMALS} decimals, so that floating-point noise
 * from averaging (3.7499999999999996 for what is 3.75) does not put a boundary score in the lower band.
 * The mean reported elsewhere keeps its full precision.
 */
export type LevelBand = 'below-qualified' | 'qualified' | 'good' | 'excellent';

/** The lowest mean of each band above `below-qualified` (inclusive). */
export const LEVEL_BAND_LOWER_BOUNDS = { qualified: 2.25, good: 3.0, excellent: 3.75 } as const;

/** Decimals a mean is rounded to before it is classified. */
export const BAND_DECIMALS = 9;

const SCALE = 10 ** BAND_DECIMALS;

/** The band of a dimension mean; `null` for a missing mean (no pairs). */
export function levelBand(mean: number | null): LevelBand | null {
  if (mean === null) return null;
  if (!Number.isFinite(mean)) throw new RangeError(`a level band needs a finite mean, got ${mean}`);
  const value = Math.round(mean * SCALE) / SCALE;
  if (value >= LEVEL_BAND_LOWER_BOUNDS.excellent) return 'excellent';
  if (value >= LEVEL_BAND_LOWER_BOUNDS.good) return 'good';
  if (value >= LEVEL_BAND_LOWER_BOUNDS.qualified) return 'qualified';
  return 'below-qualified';
}

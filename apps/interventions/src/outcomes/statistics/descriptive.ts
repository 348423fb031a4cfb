/**
 * Descriptive statistics of one dimension's scores. Full precision: rounding is for display only.
 * Same definitions as NumPy's `mean`, `median` and `std(ddof=1)`.
 */
export interface Descriptives {
  n: number;
  /** `null` when n = 0. */
  mean: number | null;
  /** The mean of the two middle values for an even count; `null` when n = 0. */
  median: number | null;
  /** Sample SD (divisor n − 1); `null` when n < 2. */
  sd: number | null;
}

function assertFinite(values: readonly number[]): void {
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`statistics need finite numbers, got ${v}`);
  }
}

export function mean(values: readonly number[]): number | null {
  assertFinite(values);
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function median(values: readonly number[]): number | null {
  assertFinite(values);
  const n = values.length;
  if (n === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = n >> 1;
  const upper = sorted[mid] as number;
  return n % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** Sample standard deviation (n − 1), two-pass; `null` when there are fewer than two values. */
export function sampleSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

export function describe(values: readonly number[]): Descriptives {
  return { n: values.length, mean: mean(values), median: median(values), sd: sampleSd(values) };
}

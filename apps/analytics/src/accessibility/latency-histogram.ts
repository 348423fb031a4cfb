/**
 * Time from an order's request to the end of its delivery, kept as counts per fixed bucket (the store
 * has no percentile accumulator; a `$inc` per delivery keeps the histogram exact and exactly once).
 *
 * Bucket upper edges in minutes: 30 min, 1 h, 2 h, 4 h, 8 h, 1 day, 2 days, 3 days, 7 days, 14 days,
 * then one open bucket above 14 days. A bucket holds (previous edge, edge]; the first [0, 30].
 */
export const LATENCY_EDGES = [30, 60, 120, 240, 480, 1440, 2880, 4320, 10080, 20160] as const;

/** Field names of the buckets (`latency.<name>` on a unit-month counter), the open one last. */
export const LATENCY_BUCKETS: readonly string[] = [
  ...LATENCY_EDGES.map((edge) => `le${edge}`),
  `gt${LATENCY_EDGES[LATENCY_EDGES.length - 1]}`,
];

/** The bucket of a duration in minutes (negative durations, bad clocks, count as zero). */
export function latencyBucket(minutes: number): string {
  const m = Math.max(0, minutes);
  const i = LATENCY_EDGES.findIndex((edge) => m <= edge);
  return LATENCY_BUCKETS[i === -1 ? LATENCY_EDGES.length : i] ?? 'gt20160';
}

/** The counts in bucket order from a stored `latency` object (absent buckets are zero). */
export function latencyCounts(stored: Partial<Record<string, number>> | undefined): number[] {
  return LATENCY_BUCKETS.map((name) => stored?.[name] ?? 0);
}

/**
 * The `p` quantile (0 < p ≤ 1) in minutes from bucket counts, by linear interpolation inside the
 * bucket where the rank `p × n` falls (as Prometheus' histogram_quantile does): the values of a
 * bucket are taken as spread evenly over it. In the open top bucket the answer is its lower edge
 * (at least 14 days). Null without any count. Rounded to whole minutes.
 */
export function latencyQuantile(counts: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError('p must be in (0, 1]');
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = p * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && below + n >= rank) {
      const lower = i === 0 ? 0 : (LATENCY_EDGES[i - 1] ?? 0);
      const upper = LATENCY_EDGES[i];
      if (upper === undefined) return lower;
      return Math.round(lower + ((upper - lower) * (rank - below)) / n);
    }
    below += n;
  }
  return LATENCY_EDGES[LATENCY_EDGES.length - 1] ?? null;
}

export interface LatencySummary {
  deliveries: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Bucket by bucket: upper edge in minutes (null: open) and count. */
  histogram: { upToMinutes: number | null; count: number }[];
}

export function summariseLatency(stored: Partial<Record<string, number>> | undefined): LatencySummary {
  const counts = latencyCounts(stored);
  return {
    deliveries: counts.reduce((sum, n) => sum + n, 0),
    medianMinutes: latencyQuantile(counts, 0.5),
    p90Minutes: latencyQuantile(counts, 0.9),
    histogram: counts.map((count, i) => ({ upToMinutes: LATENCY_EDGES[i] ?? null, count })),
  };
}

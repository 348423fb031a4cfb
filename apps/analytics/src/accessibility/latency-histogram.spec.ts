import {
  LATENCY_BUCKETS,
  LATENCY_EDGES,
  latencyBucket,
  latencyCounts,
  latencyQuantile,
  summariseLatency,
} from './latency-histogram.js';

const countsOf = (entries: Record<string, number>) => latencyCounts(entries);

describe('latency histogram', () => {
  it('puts a duration in the bucket whose upper edge it does not pass', () => {
    expect(latencyBucket(0)).toBe('le30');
    expect(latencyBucket(30)).toBe('le30');
    expect(latencyBucket(30.5)).toBe('le60');
    expect(latencyBucket(1440)).toBe('le1440');
    expect(latencyBucket(20160)).toBe('le20160');
    expect(latencyBucket(20161)).toBe('gt20160');
    expect(latencyBucket(-5)).toBe('le30');
    expect(LATENCY_BUCKETS).toHaveLength(LATENCY_EDGES.length + 1);
  });

  it('interpolates linearly inside the bucket where the rank falls', () => {
    // 4 deliveries in (60, 120]: the median rank 2 is halfway through it.
    expect(latencyQuantile(countsOf({ le120: 4 }), 0.5)).toBe(90);
    // 10 in [0, 30], 10 in (1440, 2880]: the median rank 10 ends the first bucket.
    const counts = countsOf({ le30: 10, le2880: 10 });
    expect(latencyQuantile(counts, 0.5)).toBe(30);
    // p90: rank 18 is 8 of 10 into (1440, 2880] → 1440 + 1440 × 0.8.
    expect(latencyQuantile(counts, 0.9)).toBe(2592);
    // One delivery: every quantile is a share of its bucket.
    expect(latencyQuantile(countsOf({ le60: 1 }), 0.5)).toBe(45);
    expect(latencyQuantile(countsOf({ le60: 1 }), 1)).toBe(60);
  });

  it('answers the open top bucket with its lower edge, and nothing without deliveries', () => {
    expect(latencyQuantile(countsOf({ gt20160: 3 }), 0.5)).toBe(20160);
    expect(latencyQuantile(countsOf({}), 0.5)).toBeNull();
    expect(() => latencyQuantile([1], 0)).toThrow(RangeError);
  });

  it('matches the exact quantile of evenly spread values', () => {
    // 100 durations spread evenly over (120, 240]: the true median is 180, p90 228.
    const values = Array.from({ length: 100 }, (_, i) => 120 + (i + 1) * 1.2);
    const counts = latencyCounts(Object.fromEntries([[latencyBucket(values[0] ?? 0), values.length]]));
    expect(latencyQuantile(counts, 0.5)).toBe(180);
    expect(latencyQuantile(counts, 0.9)).toBe(228);
  });

  it('summarises stored counters', () => {
    const summary = summariseLatency({ le30: 1, le60: 1, le120: 2 });
    expect(summary).toMatchObject({ deliveries: 4, medianMinutes: 60, p90Minutes: 108 });
    expect(summary.histogram[0]).toEqual({ upToMinutes: 30, count: 1 });
    expect(summary.histogram.at(-1)).toEqual({ upToMinutes: null, count: 0 });
  });
});

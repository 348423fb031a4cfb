import { CatchUpTracker } from './catch-up.js';

const offsets = (entries: [number, number, number][]) =>
  new Map(entries.map(([p, low, high]) => [p, { low: BigInt(low), high: BigInt(high) }]));

describe('CatchUpTracker', () => {
  it('is caught up at once when every partition is empty', () => {
    expect(
      new CatchUpTracker(
        offsets([
          [0, 0, 0],
          [1, 5, 5],
        ]),
      ).isCaughtUp(),
    ).toBe(true);
  });

  it('waits for the last offset of every non-empty partition, in any order', () => {
    const tracker = new CatchUpTracker(
      offsets([
        [0, 0, 3],
        [1, 0, 0],
        [2, 10, 12],
      ]),
    );
    const calls: string[] = [];
    tracker.onCaughtUp(() => calls.push('done'));
    tracker.resolved(0, '1');
    tracker.resolved(2, '11');
    expect(tracker.isCaughtUp()).toBe(false);
    tracker.resolved(0, '2');
    expect(tracker.isCaughtUp()).toBe(true);
    expect(calls).toEqual(['done']);
    tracker.resolved(0, '3');
    expect(calls).toEqual(['done']);
  });

  it('compares offsets as numbers, not strings', () => {
    const tracker = new CatchUpTracker(offsets([[0, 0, 100]]));
    tracker.resolved(0, '98');
    expect(tracker.isCaughtUp()).toBe(false);
    tracker.resolved(0, '99');
    expect(tracker.isCaughtUp()).toBe(true);
  });
});

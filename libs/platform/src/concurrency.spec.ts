import { chunksOf, inParallel } from './concurrency.js';

describe('chunksOf and inParallel', () => {
  it('slices without losing or repeating items', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([], 3)).toEqual([]);
  });

  it('does every item once with at most `limit` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      inFlight--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('resolves with the results in the order of the items, whatever order they finish in', async () => {
    const results = await inParallel([30, 1, 15], 3, async (ms) => {
      await new Promise((r) => setTimeout(r, ms));
      return ms * 2;
    });
    expect(results).toEqual([60, 2, 30]);
  });

  it('fails when any item fails', async () => {
    await expect(
      inParallel([1, 2], 2, (n) => (n === 2 ? Promise.reject(new Error('x')) : Promise.resolve())),
    ).rejects.toThrow('x');
  });
});

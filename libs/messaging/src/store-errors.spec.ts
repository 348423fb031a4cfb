import { duplicateKeyIndexes as duplicateIndexes } from './store-errors.js';

describe('duplicateKeyIndexes', () => {
  it('names the positions an unordered insert refused as duplicates', () => {
    expect(
      duplicateIndexes({ writeErrors: [{ index: 0, code: 11000 }, { err: { index: 3, code: 11000 } }] }),
    ).toEqual(new Set([0, 3]));
    expect(duplicateIndexes({ writeErrors: { index: 2, code: 11000 } })).toEqual(new Set([2]));
  });

  it('gives null when anything else failed, so the whole submission fails', () => {
    expect(
      duplicateIndexes({
        writeErrors: [
          { index: 0, code: 11000 },
          { index: 1, code: 121 },
        ],
      }),
    ).toBeNull();
    expect(duplicateIndexes(new Error('connection reset'))).toBeNull();
    expect(duplicateIndexes({ writeErrors: [] })).toBeNull();
    expect(duplicateIndexes(null)).toBeNull();
  });
});

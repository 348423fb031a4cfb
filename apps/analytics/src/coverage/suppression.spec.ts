import { recoverableCells, suppress } from './suppression.js';

describe('small-cell suppression', () => {
  it('hides counts under the threshold and never zeros', () => {
    expect(suppress({ counts: [[0], [3], [12]], threshold: 5 }).cells).toEqual([[false], [true], [true]]);
    // The only non-zero part hidden: the column total would give it away, so it goes too.
    expect(suppress({ counts: [[0], [3], [0]], threshold: 5 }).totals).toEqual([true]);
  });

  it('hides a second cell when one hidden cell could be recovered from the column total', () => {
    // A small district: three communities; community B has 2 shidu elders served.
    const counts = [
      [40, 7],
      [25, 2],
      [31, 9],
    ];
    const hidden = suppress({ counts, threshold: 5 });
    // B's 2 is hidden, and then A's 7 (the smallest other non-zero) so that 18 − 9 − ? is not 2.
    expect(hidden.cells).toEqual([
      [false, true],
      [false, true],
      [false, false],
    ]);
    expect(recoverableCells(counts, hidden)).toEqual([]);
  });

  it('keeps linked columns hidden together, and settles when links cascade', () => {
    // Eligible and served of one group: a hidden served count hides its eligible count too.
    const counts = [
      [30, 3],
      [20, 12],
      [10, 8],
    ];
    const hidden = suppress({ counts, threshold: 5, linked: [[0, 1]] });
    for (const row of hidden.cells) expect(row[0]).toBe(row[1]);
    expect(recoverableCells(counts, hidden)).toEqual([]);
    expect(hidden.cells.filter((row) => row[1]).length).toBeGreaterThanOrEqual(2);
  });

  it('finds no recoverable cell on a generated set of small districts', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 200; t++) {
      const counts = Array.from({ length: 2 + Math.floor(random() * 5) }, () =>
        Array.from({ length: 3 }, () => Math.floor(random() * 12)),
      );
      const hidden = suppress({ counts, threshold: 5 });
      expect(recoverableCells(counts, hidden)).toEqual([]);
      counts.forEach((row, r) =>
        row.forEach((n, c) => n > 0 && n < 5 && expect(hidden.cells[r]?.[c]).toBe(true)),
      );
    }
  });
});

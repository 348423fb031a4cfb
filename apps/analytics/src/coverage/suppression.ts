/**
 * Small-cell suppression for reports about people (issue [9/11]): a count below the threshold
 * (default 5) is never shown, and suppression is complementary — no suppressed cell can be
 * recovered by subtracting visible cells from a visible total.
 *
 * The table is parts × columns with a total per column (the parts are the units of a drill-down
 * level, the columns e.g. priority groups, eligible and served). Each column's total equals the sum
 * of its parts. A column whose parts hide exactly one cell would give that cell away (total − the
 * visible rest), so one more part is hidden: the smallest visible non-zero one (zero cells give
 * nothing away: a zero is known from the total only if all others are known). Rows are linked too:
 * when a part hides a cell in one column, the same part's cell in a column derived from it (served
 * is a subset of eligible) is hidden by the caller passing `linked` pairs.
 */
export interface SuppressionInput {
  /** counts[part][column] */
  counts: readonly (readonly number[])[];
  threshold: number;
  /** Columns that reveal each other (a share served/eligible): hide one, hide both. */
  linked?: readonly [number, number][];
}

export interface Suppressed {
  /** cells[part][column]: shown as suppressed. */
  cells: boolean[][];
  /** totals[column]: the column total is suppressed (under the threshold, or it alone would reveal a cell). */
  totals: boolean[];
}

export function suppress(input: SuppressionInput): Suppressed {
  const { counts, threshold } = input;
  const hidden = counts.map((row) => row.map((n) => n > 0 && n < threshold));
  const columns = counts[0]?.length ?? 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const [a, b] of input.linked ?? [])
      for (const row of hidden)
        if (row[a] !== row[b]) {
          row[a] = true;
          row[b] = true;
          changed = true;
        }
    for (let c = 0; c < columns; c++) {
      const hiddenParts = hidden.filter((row) => row[c]).length;
      if (hiddenParts !== 1) continue;
      // One hidden part in a column with a visible total: hide the smallest other non-zero part.
      let pick = -1;
      for (let r = 0; r < counts.length; r++) {
        const n = counts[r]?.[c] ?? 0;
        if (hidden[r]?.[c] || n === 0) continue;
        if (pick === -1 || n < (counts[pick]?.[c] ?? 0)) pick = r;
      }
      const row = pick === -1 ? undefined : hidden[pick];
      if (row) {
        row[c] = true;
        changed = true;
      }
    }
  }
  // A column whose hidden cell has no visible partner is all that cell: its total goes too.
  const totals = Array.from({ length: columns }, (_, c) => {
    const total = counts.reduce((sum, row) => sum + (row[c] ?? 0), 0);
    const lone = hidden.filter((row, r) => row[c] && (counts[r]?.[c] ?? 0) > 0).length === 1;
    return (total > 0 && total < threshold) || lone;
  });
  return { cells: hidden, totals };
}

/** Whether the hidden cells can be recovered from the visible ones and the column totals (a check for tests). */
export function recoverableCells(
  counts: readonly (readonly number[])[],
  suppressed: Suppressed,
): [number, number][] {
  const found: [number, number][] = [];
  const hidden = suppressed.cells;
  const columns = counts[0]?.length ?? 0;
  for (let c = 0; c < columns; c++) {
    if (suppressed.totals[c]) continue;
    const rows = hidden.map((row, r) => (row[c] ? r : -1)).filter((r) => r >= 0);
    // A lone hidden non-zero cell is the total minus the visible others; hidden zeros alone say nothing more.
    const nonZero = rows.filter((r) => (counts[r]?.[c] ?? 0) > 0);
    if (rows.length === 1 && nonZero.length === 1) found.push([rows[0] ?? -1, c]);
  }
  return found;
}

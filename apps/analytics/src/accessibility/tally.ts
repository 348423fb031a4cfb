import { unitsOf } from '../coverage/resident-month.js';
import type { PlanBuilder } from '../projection/projection-plan.js';
import { AccessibilityCollections as C, parentOf } from './accessibility-collections.js';

/**
 * What one fact (an order, a centre, a contract…) adds to the counters, kept on the fact's state
 * document as `counted`. A step recomputes the tally of every fact an event changed and applies the
 * difference from what it counted: an event read twice finds nothing left to change (the coverage
 * lane's rule, ADR 0029).
 */
export interface TallyEntry {
  target: 'unit' | 'unit-month' | 'provider' | 'provider-month';
  /** Unit targets: the unit path; provider targets: the provider id. */
  at: string;
  /** YYYY-MM, for the month targets. */
  month?: string;
  /** Unit targets: this unit only (otherwise every unit above it counts it too). */
  only?: boolean;
  /** Field → amount. */
  inc: Record<string, number>;
}

export type Tally = TallyEntry[];

/**
 * A tally as a state document keeps it: the store refuses dotted keys (`orders.requested`), so each
 * entry's amounts are a list. What a document read back holds may be either form.
 */
export type StoredTallyEntry = Omit<TallyEntry, 'inc'> & { inc: { field: string; n: number }[] };
export type CountedTally = (TallyEntry | StoredTallyEntry)[];

export function storedTally(tally: Tally): StoredTallyEntry[] {
  return tally.map(({ target, at, month, only, inc }) => ({
    target,
    at,
    ...(month === undefined ? {} : { month }),
    ...(only ? { only } : {}),
    inc: Object.entries(inc).map(([field, n]) => ({ field, n })),
  }));
}

export function readTally(counted: CountedTally): Tally {
  return counted.map((entry) =>
    Array.isArray(entry.inc)
      ? { ...entry, inc: Object.fromEntries(entry.inc.map(({ field, n }) => [field, n])) }
      : (entry as TallyEntry),
  );
}

/** Collects tally entries, dropping zero amounts and entries left empty. */
export class TallyBuilder {
  private readonly entries: TallyEntry[] = [];

  add(entry: TallyEntry): void {
    const inc = Object.fromEntries(Object.entries(entry.inc).filter(([, n]) => n !== 0));
    if (Object.keys(inc).length > 0) this.entries.push({ ...entry, inc });
  }

  build(): Tally {
    return this.entries;
  }
}

/** The counter documents an entry increments: collection, `_id` and the fields that describe it. */
function documentsOf(
  entry: TallyEntry,
): { collection: string; _id: string; fields: Record<string, unknown> }[] {
  const month = entry.month ?? '';
  switch (entry.target) {
    case 'unit':
      return (entry.only ? [entry.at] : unitsOf(entry.at)).map((unit) => ({
        collection: C.units,
        _id: unit,
        fields: { unit, parent: parentOf(unit) },
      }));
    case 'unit-month':
      return (entry.only ? [entry.at] : unitsOf(entry.at)).map((unit) => {
        const parent = parentOf(unit);
        return {
          collection: C.months,
          _id: `${unit}:${month}`,
          fields: { unit, month, parentMonth: parent === null ? null : `${parent}:${month}` },
        };
      });
    case 'provider':
      return [{ collection: C.providers, _id: entry.at, fields: { providerId: entry.at } }];
    case 'provider-month':
      return [
        {
          collection: C.providerMonths,
          _id: `${entry.at}:${month}`,
          fields: { providerId: entry.at, month },
        },
      ];
  }
}

/** Adds to `plan` what the counters must change by when a fact goes from `before` to `after`. */
export function planTallyChange(plan: PlanBuilder, before: CountedTally, after: Tally): void {
  const add = (tally: Tally, sign: 1 | -1) => {
    for (const entry of tally) {
      const inc = Object.fromEntries(Object.entries(entry.inc).map(([field, n]) => [field, sign * n]));
      for (const doc of documentsOf(entry)) plan.increment(doc.collection, doc._id, inc, doc.fields);
    }
  };
  add(readTally(before), -1);
  add(after, 1);
}

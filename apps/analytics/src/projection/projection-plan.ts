/**
 * What one step of a projection changes, written exactly once by `ProjectionWriter` (ADR 0029):
 * whole documents set by `_id` (state and marker documents: setting them again changes nothing) and
 * increments of counter documents (applied once, guarded by the step's sequence number).
 */
export interface DocumentSet {
  collection: string;
  _id: string;
  /** The whole document but `_id`; replaces what is stored. */
  doc: Record<string, unknown>;
}

export interface CounterIncrement {
  collection: string;
  _id: string;
  /** Dotted field → amount (never zero). */
  inc: Record<string, number>;
  /** Fields that describe the counter (unit, month…): set with every increment, the same each time. */
  fields: Record<string, unknown>;
}

export interface ProjectionPlan {
  sets: DocumentSet[];
  increments: CounterIncrement[];
}

/**
 * Collects a batch's changes so that each document is written once: increments of one counter
 * document are summed, and a document set twice keeps its last state.
 */
export class PlanBuilder {
  private readonly sets = new Map<string, DocumentSet>();
  private readonly increments = new Map<string, CounterIncrement>();

  set(collection: string, _id: string, doc: Record<string, unknown>): void {
    this.sets.set(`${collection}\u0000${_id}`, { collection, _id, doc });
  }

  increment(
    collection: string,
    _id: string,
    inc: Record<string, number>,
    fields: Record<string, unknown>,
  ): void {
    const key = `${collection}\u0000${_id}`;
    const existing = this.increments.get(key) ?? { collection, _id, inc: {}, fields };
    for (const [field, n] of Object.entries(inc)) existing.inc[field] = (existing.inc[field] ?? 0) + n;
    this.increments.set(key, existing);
  }

  build(): ProjectionPlan {
    const increments: CounterIncrement[] = [];
    for (const i of this.increments.values()) {
      const inc = Object.fromEntries(Object.entries(i.inc).filter(([, n]) => n !== 0));
      if (Object.keys(inc).length > 0) increments.push({ ...i, inc });
    }
    return { sets: [...this.sets.values()], increments };
  }
}

export const planIsEmpty = (plan: ProjectionPlan): boolean =>
  plan.sets.length === 0 && plan.increments.length === 0;

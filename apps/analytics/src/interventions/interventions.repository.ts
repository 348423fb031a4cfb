import { findByIds } from '#anlao/platform';
import { Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { Collections } from './interventions-step.js';
import type { InterventionCounters } from './interventions-table.js';
import type { UnitName } from './programme-counting.js';
import type { ProgrammeState } from './programme-state.js';

/** Written by the coverage lane from `org-unit.created`; read here for names only. */
const ORG_UNITS = 'org_units';

interface UnitDoc {
  _id: string;
  name: string;
  level: string;
}

/**
 * Report reads: counters by `_id`, a unit's children by `parentMonth` (indexed), programmes by
 * `_id`, the outcome lists by `_id` range, unit names by `_id` (the coverage lane's `org_units`); in
 * the database the request resolved (the active generation's, ADR 0030).
 */
@Injectable()
export class InterventionsRepository {
  private counters(db: Db) {
    return db.collection<InterventionCounters & { _id: string }>(Collections.counters);
  }

  async unitMonths(db: Db, unit: string, months: readonly string[]): Promise<InterventionCounters[]> {
    const found = await findByIds(
      this.counters(db),
      months.map((m) => `${unit}:${m}`),
    );
    return [...found.values()];
  }

  /** The children's counters of the range's months (index `parentMonth`). */
  childMonths(db: Db, unit: string, months: readonly string[]): Promise<InterventionCounters[]> {
    return this.counters(db)
      .find({ parentMonth: { $in: months.map((m) => `${unit}:${m}`) } })
      .toArray();
  }

  /**
   * One page of a list (`prefix` ends with `|`): the `_id` index serves the range, every `_id` of
   * the list starting with the prefix (ids sort below `}`, the character after `|`).
   */
  async listed(db: Db, prefix: string, after: string | undefined, limit: number): Promise<string[]> {
    const end = `${prefix.slice(0, -1)}}`;
    const start = after === undefined ? { $gte: prefix } : { $gt: `${prefix}${after}` };
    const found = await db
      .collection<{ _id: string; programmeId: string }>(Collections.outcomeLists)
      .find({ _id: { ...start, $lt: end } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return found.map((e) => e.programmeId);
  }

  async programmes(db: Db, ids: readonly string[]): Promise<ProgrammeState[]> {
    if (ids.length === 0) return [];
    const byId = await findByIds(db.collection<ProgrammeState>(Collections.programmes), ids);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Names and levels of units analytics has read `org-unit.created` for; others by their path only. */
  async names(db: Db, paths: readonly string[]): Promise<Map<string, UnitName>> {
    const byPath = await findByIds(db.collection<UnitDoc>(ORG_UNITS), paths);
    return new Map(
      paths.map((path) => [
        path,
        { path, name: byPath.get(path)?.name ?? null, level: byPath.get(path)?.level ?? null },
      ]),
    );
  }
}

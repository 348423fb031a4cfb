import { findByIds } from '#anlao/platform';
import { Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { Collections } from './coverage-step.js';
import type { CoverageCounters, UnitName } from './coverage-table.js';

interface UnitDoc {
  _id: string;
  name: string;
  level: string;
}

/**
 * Report reads: counters by `_id`, a unit's children by `parentMonth` (indexed), names by `_id`; in
 * the database the request resolved (the active generation's, ADR 0030).
 */
@Injectable()
export class CoverageRepository {
  private counters(db: Db) {
    return db.collection<CoverageCounters & { _id: string }>(Collections.coverage);
  }

  counter(db: Db, unit: string, month: string): Promise<CoverageCounters | null> {
    return this.counters(db).findOne({ _id: `${unit}:${month}` });
  }

  children(db: Db, unit: string, month: string): Promise<CoverageCounters[]> {
    return this.counters(db)
      .find({ parentMonth: `${unit}:${month}` })
      .toArray();
  }

  async months(db: Db, unit: string, months: readonly string[]): Promise<Map<string, CoverageCounters>> {
    const found = await findByIds(
      this.counters(db),
      months.map((m) => `${unit}:${m}`),
    );
    return new Map([...found.values()].map((c) => [c.month, c]));
  }

  /** Names and levels of units analytics has read `org-unit.created` for; others by their path only. */
  async names(db: Db, paths: readonly string[]): Promise<Map<string, UnitName>> {
    const byPath = await findByIds(db.collection<UnitDoc>(Collections.units), paths);
    return new Map(
      paths.map((path) => [
        path,
        { path, name: byPath.get(path)?.name ?? null, level: byPath.get(path)?.level ?? null },
      ]),
    );
  }
}

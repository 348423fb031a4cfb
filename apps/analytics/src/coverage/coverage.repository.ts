import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Collections } from './coverage-step.js';
import type { CoverageCounters, UnitName } from './coverage-table.js';

interface UnitDoc {
  _id: string;
  name: string;
  level: string;
}

/** Report reads: counters by `_id`, a unit's children by `parentMonth` (indexed), names by `_id`. */
@Injectable()
export class CoverageRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private counters() {
    return this.connection.collection<CoverageCounters & { _id: string }>(Collections.coverage);
  }

  counter(unit: string, month: string): Promise<CoverageCounters | null> {
    return this.counters().findOne({ _id: `${unit}:${month}` });
  }

  children(unit: string, month: string): Promise<CoverageCounters[]> {
    return this.counters()
      .find({ parentMonth: `${unit}:${month}` })
      .toArray();
  }

  async months(unit: string, months: readonly string[]): Promise<Map<string, CoverageCounters>> {
    const found = await this.counters()
      .find({ _id: { $in: months.map((m) => `${unit}:${m}`) } })
      .toArray();
    return new Map(found.map((c) => [c.month, c]));
  }

  /** Names and levels of units analytics has read `org-unit.created` for; others by their path only. */
  async names(paths: readonly string[]): Promise<Map<string, UnitName>> {
    const found = await this.connection
      .collection<UnitDoc>(Collections.units)
      .find({ _id: { $in: [...paths] } })
      .toArray();
    const byPath = new Map(found.map((u) => [u._id, u]));
    return new Map(
      paths.map((path) => [
        path,
        { path, name: byPath.get(path)?.name ?? null, level: byPath.get(path)?.level ?? null },
      ]),
    );
  }
}

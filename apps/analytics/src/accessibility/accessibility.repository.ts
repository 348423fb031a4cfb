import { Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { findByIds } from '#anlao/platform';
import { Collections as CoverageCollections } from '../coverage/coverage-step.js';
import type { CoverageCounters, UnitName } from '../coverage/coverage-table.js';
import { AccessibilityCollections as C } from './accessibility-collections.js';
import type { MonthCounters, UnitCounters } from './accessibility-report.js';
import type { ProviderCounters } from './scorecard.js';

type Doc<T> = T & { _id: string };

/**
 * Report reads: counters by `_id`; a unit's children by `parent` / `parentMonth` (indexed: the
 * lane's own, and coverage's drill-down index for units known to coverage only); names by `_id`; in
 * the database the request resolved (the active generation's, ADR 0030).
 */
@Injectable()
export class AccessibilityRepository {
  private async byIds<T>(db: Db, collection: string, ids: readonly string[]): Promise<Map<string, Doc<T>>> {
    return findByIds(db.collection<Doc<T>>(collection), ids);
  }

  units(db: Db, paths: readonly string[]): Promise<Map<string, Doc<UnitCounters>>> {
    return this.byIds<UnitCounters>(db, C.units, paths);
  }

  /** Keyed by unit path. */
  async months(db: Db, paths: readonly string[], month: string): Promise<Map<string, Doc<MonthCounters>>> {
    const found = await this.byIds<MonthCounters>(
      db,
      C.months,
      paths.map((p) => `${p}:${month}`),
    );
    return new Map([...found.values()].map((doc) => [doc._id.slice(0, -month.length - 1), doc]));
  }

  /** Coverage's counters, keyed by unit path (read only). */
  async coverage(
    db: Db,
    paths: readonly string[],
    month: string,
  ): Promise<Map<string, Doc<CoverageCounters>>> {
    const found = await this.byIds<CoverageCounters>(
      db,
      CoverageCollections.coverage,
      paths.map((p) => `${p}:${month}`),
    );
    return new Map([...found.values()].map((doc) => [doc.unit, doc]));
  }

  /** The unit's children with a counter of this lane or a coverage counter in the month. */
  async children(db: Db, unit: string, month: string): Promise<string[]> {
    const parentMonth = `${unit}:${month}`;
    const [units, months, coverage] = await Promise.all([
      db
        .collection<Doc<object>>(C.units)
        .find({ parent: unit }, { projection: { _id: 1 } })
        .toArray(),
      db
        .collection<Doc<{ unit: string }>>(C.months)
        .find({ parentMonth }, { projection: { unit: 1 } })
        .toArray(),
      db
        .collection<Doc<{ unit: string }>>(CoverageCollections.coverage)
        .find({ parentMonth }, { projection: { unit: 1 } })
        .toArray(),
    ]);
    return [
      ...new Set([...units.map((u) => u._id), ...months.map((m) => m.unit), ...coverage.map((c) => c.unit)]),
    ].sort();
  }

  /** Names and levels of the units analytics read `org-unit.created` for (coverage keeps them). */
  async names(db: Db, paths: readonly string[]): Promise<Map<string, UnitName>> {
    const found = await this.byIds<{ name: string; level: string }>(db, CoverageCollections.units, paths);
    return new Map(
      paths.map((path) => [
        path,
        { path, name: found.get(path)?.name ?? null, level: found.get(path)?.level ?? null },
      ]),
    );
  }

  providers(db: Db, ids: readonly string[]): Promise<Map<string, Doc<ProviderCounters>>> {
    return this.byIds<ProviderCounters>(db, C.providers, ids);
  }

  /** Keyed by provider id. */
  async providerMonths(
    db: Db,
    ids: readonly string[],
    month: string,
  ): Promise<Map<string, Doc<ProviderCounters>>> {
    const found = await this.byIds<ProviderCounters & { providerId: string }>(
      db,
      C.providerMonths,
      ids.map((id) => `${id}:${month}`),
    );
    return new Map([...found.values()].map((doc) => [doc.providerId, doc]));
  }

  /** The scope fields (`providers.*`, `providersAreaAt.*`) of a unit and the units above it. */
  scopes(db: Db, paths: readonly string[]): Promise<Map<string, Doc<ProviderScopeFields>>> {
    return this.byIds<ProviderScopeFields>(db, C.units, paths);
  }
}

export interface ProviderScopeFields {
  providers?: Record<string, number>;
  providersAreaAt?: Record<string, number>;
}

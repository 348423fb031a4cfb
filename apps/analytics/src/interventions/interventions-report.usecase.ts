import { Inject, Injectable } from '@nestjs/common';
import { orgUnitCovers, type Principal } from '#anlao/auth';
import { CONFIG, type ServiceConfig } from '#anlao/platform';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../analytics.config.js';
import { Generations } from '../generations/generations.js';
import { providerListPrefix, unitListPrefix } from './interventions-step.js';
import {
  interventionsReport,
  sumCounters,
  type InterventionCounters,
  type InterventionsReport,
} from './interventions-table.js';
import { InterventionsRepository } from './interventions.repository.js';
import { outcomeRows, type OutcomesReport } from './outcomes-table.js';
import { placementOf } from './programme-state.js';
import { rangeOf } from './report-range.js';
import { currentMonth, reportUnit } from '../reports/report-scope.js';

const DEFAULT_LIMIT = 50;

/**
 * The interventions reports, read from the lane's counters and programmes by `_id` (children by
 * their indexed `parentMonth`). Staff read their unit or one below it; an organisation's client
 * reads its own programmes' outcomes only.
 */
@Injectable()
export class InterventionsReportUseCase {
  constructor(
    private readonly repository: InterventionsRepository,
    private readonly generations: Generations,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(ANALYTICS_CONFIG) private readonly analytics: AnalyticsConfig,
  ) {}

  async report(
    principal: Principal,
    query: { unit?: string; from?: string; to?: string },
  ): Promise<InterventionsReport> {
    const unit = reportUnit(principal, query.unit);
    const to = query.to ?? currentMonth(this.config.TIME_ZONE);
    const months = rangeOf(query.from, to);
    const db = await this.generations.readDb();
    const [own, childMonths] = await Promise.all([
      this.repository.unitMonths(db, unit, months),
      this.repository.childMonths(db, unit, months),
    ]);
    const byChild = new Map<string, InterventionCounters[]>();
    for (const c of childMonths) byChild.set(c.unit, [...(byChild.get(c.unit) ?? []), c]);
    const names = await this.repository.names(db, [unit, ...byChild.keys()]);
    const nameOf = (path: string) => names.get(path) ?? { path, name: null, level: null };
    return interventionsReport({
      unit: nameOf(unit),
      from: months[0] ?? to,
      to,
      total: sumCounters(own),
      children: [...byChild].map(([path, counters]) => ({
        name: nameOf(path),
        totals: sumCounters(counters),
      })),
      threshold: this.analytics.SUPPRESSION_THRESHOLD,
    });
  }

  async outcomes(
    principal: Principal,
    query: { unit?: string; theme?: string; after?: string; limit?: number },
  ): Promise<OutcomesReport> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const organisation = principal.kind === 'organisation' ? principal.organisationId : null;
    const unit = organisation === null ? reportUnit(principal, query.unit) : (query.unit ?? null);
    const prefix =
      organisation === null
        ? unitListPrefix(unit ?? '', query.theme)
        : providerListPrefix(organisation, query.theme);
    const db = await this.generations.readDb();
    const ids = await this.repository.listed(db, prefix, query.after, limit);
    const programmes = (await this.repository.programmes(db, ids)).filter((p) => {
      const placed = placementOf(p);
      // An organisation's own list, narrowed to the unit it asked for.
      return placed !== null && (unit === null || orgUnitCovers(unit, placed.communityPath));
    });
    return {
      unit,
      theme: query.theme ?? null,
      threshold: this.analytics.SUPPRESSION_THRESHOLD,
      items: outcomeRows(programmes, this.analytics.SUPPRESSION_THRESHOLD),
      next: ids.length === limit ? (ids.at(-1) ?? null) : null,
    };
  }
}

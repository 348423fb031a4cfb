import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '#anlao/auth';
import { CONFIG, DomainError, type ServiceConfig } from '#anlao/platform';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../analytics.config.js';
import { Generations } from '../generations/generations.js';
import { monthsBetween } from './coverage-step.js';
import { COVERAGE_GROUPS, coverageReport, type CoverageReport } from './coverage-table.js';
import { CoverageRepository } from './coverage.repository.js';
import { MAX_TREND_MONTHS } from './coverage.dto.js';
import type { CoverageGroup } from './resident-month.js';
import { currentMonth, reportUnit } from '../reports/report-scope.js';

export interface CoverageTrend {
  unit: string;
  group: CoverageGroup;
  threshold: number;
  months: { month: string; eligible: number | null; served: number | null; share: number | null }[];
}

/** Coverage of a unit (the caller's or one below it) and its children, read from the counters by `_id`. */
@Injectable()
export class CoverageReportUseCase {
  constructor(
    private readonly repository: CoverageRepository,
    private readonly generations: Generations,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(ANALYTICS_CONFIG) private readonly analytics: AnalyticsConfig,
  ) {}

  async report(
    principal: Principal,
    query: { unit?: string; month?: string; group?: CoverageGroup },
  ): Promise<CoverageReport> {
    const unit = reportUnit(principal, query.unit);
    const month = query.month ?? currentMonth(this.config.TIME_ZONE);
    const db = await this.generations.readDb();
    const [total, children] = await Promise.all([
      this.repository.counter(db, unit, month),
      this.repository.children(db, unit, month),
    ]);
    const names = await this.repository.names(db, [unit, ...children.map((c) => c.unit)]);
    const nameOf = (path: string) => names.get(path) ?? { path, name: null, level: null };
    return coverageReport({
      unit: nameOf(unit),
      month,
      total,
      children: children.map((counters) => ({ name: nameOf(counters.unit), counters })),
      groups: query.group ? [query.group] : COVERAGE_GROUPS,
      threshold: this.analytics.SUPPRESSION_THRESHOLD,
    });
  }

  /** Month by month for one unit and group; each month's small counts suppressed on their own. */
  async trend(
    principal: Principal,
    query: { unit?: string; from: string; to: string; group?: CoverageGroup },
  ): Promise<CoverageTrend> {
    const unit = reportUnit(principal, query.unit);
    const months = query.from <= query.to ? monthsBetween(query.from, query.to) : [];
    if (months.length === 0 || months[0] !== query.from || months.length > MAX_TREND_MONTHS)
      throw new DomainError(
        'invalid',
        'range.invalid',
        `from must not be after to, and at most ${MAX_TREND_MONTHS} months`,
        [{ field: 'to', message: `on or after from, within ${MAX_TREND_MONTHS} months` }],
      );
    const group = query.group ?? 'all';
    const counters = await this.repository.months(await this.generations.readDb(), unit, months);
    const threshold = this.analytics.SUPPRESSION_THRESHOLD;
    const small = (n: number) => n > 0 && n < threshold;
    return {
      unit,
      group,
      threshold,
      months: months.map((month) => {
        const c = counters.get(month);
        const eligible = c?.eligible?.[group] ?? 0;
        const served = c?.served?.[group] ?? 0;
        const hide = small(eligible) || small(served);
        return {
          month,
          eligible: hide ? null : eligible,
          served: hide ? null : served,
          share: hide || eligible === 0 ? null : Math.round((served / eligible) * 10_000) / 10_000,
        };
      }),
    };
  }
}

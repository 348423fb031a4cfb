import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '#anlao/auth';
import { CONFIG, DomainError, type ServiceConfig } from '#anlao/platform';
import { unitsOf } from '../coverage/resident-month.js';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../analytics.config.js';
import { Generations } from '../generations/generations.js';
import { accessibilityReport, type AccessibilityReport, type UnitFigures } from './accessibility-report.js';
import { AccessibilityRepository } from './accessibility.repository.js';
import { scorecard, type ScorecardReport } from './scorecard.js';
import { visibleProviders } from './scorecard-scope.js';
import { currentMonth, reportUnit } from '../reports/report-scope.js';

/**
 * Accessibility of a unit (the caller's or one below it) and its children, and the scorecards of the
 * providers a caller may see: every figure read from pre-aggregated counters by `_id`.
 */
@Injectable()
export class AccessibilityReportUseCase {
  constructor(
    private readonly repository: AccessibilityRepository,
    private readonly generations: Generations,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(ANALYTICS_CONFIG) private readonly analytics: AnalyticsConfig,
  ) {}

  async report(principal: Principal, query: { unit?: string; month?: string }): Promise<AccessibilityReport> {
    const unit = reportUnit(principal, query.unit);
    const month = query.month ?? currentMonth(this.config.TIME_ZONE);
    // Every figure from the one generation active when the request came (ADR 0030).
    const db = await this.generations.readDb();
    const paths = [unit, ...(await this.repository.children(db, unit, month))];
    const [current, months, coverage, names] = await Promise.all([
      this.repository.units(db, paths),
      this.repository.months(db, paths, month),
      this.repository.coverage(db, paths, month),
      this.repository.names(db, paths),
    ]);
    const figures = (path: string): UnitFigures => ({
      name: names.get(path) ?? { path, name: null, level: null },
      current: current.get(path) ?? null,
      month: months.get(path) ?? null,
      coverage: coverage.get(path) ?? null,
    });
    return accessibilityReport({
      unit: figures(unit),
      children: paths.slice(1).map(figures),
      month,
      threshold: this.analytics.SUPPRESSION_THRESHOLD,
    });
  }

  /**
   * Staff see the providers registered or working in their unit, or working in an area covering it
   * (as purchased-services shows providers); an organisation client sees itself only.
   */
  async scorecards(principal: Principal, query: { month?: string }): Promise<ScorecardReport> {
    const month = query.month ?? currentMonth(this.config.TIME_ZONE);
    const db = await this.generations.readDb();
    let ids: string[];
    if (principal.kind === 'organisation') ids = [principal.organisationId];
    else if (principal.kind === 'staff')
      ids = visibleProviders(principal.orgUnit, await this.repository.scopes(db, unitsOf(principal.orgUnit)));
    else throw new DomainError('forbidden', 'auth.role-forbidden', 'staff or organisation clients only');
    const [overall, months] = await Promise.all([
      this.repository.providers(db, ids),
      this.repository.providerMonths(db, ids, month),
    ]);
    return {
      month,
      providers: ids.map((id) => scorecard(id, overall.get(id) ?? null, months.get(id) ?? null)),
    };
  }
}

import { Controller, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ALL_STAFF, CurrentPrincipal, type Principal, type Role } from '#anlao/auth';
import { ReportRoutes } from '../reports/report-routes.js';
import { csvReply, xlsxReply } from '../reports/table-export.js';
import { accessibilityTable } from './accessibility-table.js';
import { AccessibilityQuery, AccessibilityReportDto } from './accessibility.dto.js';
import { AccessibilityReportUseCase } from './accessibility-report.usecase.js';
import { scorecardTable } from './scorecard.js';
import { ScorecardQuery, ScorecardReportDto } from './scorecard.dto.js';

/** Supply, delivery and use per unit and month (seed 001's accessibility framework, [9/11]). */
@ApiTags('accessibility')
@Controller('accessibility')
export class AccessibilityController {
  constructor(private readonly reports: AccessibilityReportUseCase) {}

  @ReportRoutes.json('', AccessibilityReportDto, ALL_STAFF)
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccessibilityQuery,
  ): Promise<AccessibilityReportDto> {
    return this.reports.report(principal, query);
  }

  @ReportRoutes.csv('export.csv', ALL_STAFF)
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccessibilityQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, accessibilityTable(await this.reports.report(principal, query)));
  }

  @ReportRoutes.xlsx('export.xlsx', ALL_STAFF)
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccessibilityQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, accessibilityTable(await this.reports.report(principal, query)));
  }
}

/** Staff read the scorecards of their unit's providers; a provider's own client reads its own. */
const SCORECARD_READERS: readonly Role[] = [...ALL_STAFF, 'organisation-client'];

/** Provider scorecards: staff see the providers of their unit, an organisation client itself. */
@ApiTags('scorecards')
@Controller('scorecards')
export class ScorecardsController {
  constructor(private readonly reports: AccessibilityReportUseCase) {}

  @ReportRoutes.json('', ScorecardReportDto, SCORECARD_READERS)
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ScorecardQuery,
  ): Promise<ScorecardReportDto> {
    return this.reports.scorecards(principal, query);
  }

  @ReportRoutes.csv('export.csv', SCORECARD_READERS)
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ScorecardQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, scorecardTable(await this.reports.scorecards(principal, query)));
  }

  @ReportRoutes.xlsx('export.xlsx', SCORECARD_READERS)
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ScorecardQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, scorecardTable(await this.reports.scorecards(principal, query)));
  }
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { csvReply, xlsxReply } from '../reports/table-export.js';
import { accessibilityTable } from './accessibility-table.js';
import { AccessibilityQuery, AccessibilityReportDto } from './accessibility.dto.js';
import { AccessibilityReportUseCase } from './accessibility-report.usecase.js';
import { scorecardTable } from './scorecard.js';
import { ScorecardQuery, ScorecardReportDto } from './scorecard.dto.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Supply, delivery and use per unit and month (seed 001's accessibility framework, [9/11]). */
@ApiTags('accessibility')
@Controller('accessibility')
export class AccessibilityController {
  constructor(private readonly reports: AccessibilityReportUseCase) {}

  @Get()
  @Access('read', ...ALL_STAFF)
  @ApiOkResponse({ type: AccessibilityReportDto })
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccessibilityQuery,
  ): Promise<AccessibilityReportDto> {
    return this.reports.report(principal, query);
  }

  @Get('export.csv')
  @Access('read', ...ALL_STAFF)
  @ApiProduces('text/csv')
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccessibilityQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, accessibilityTable(await this.reports.report(principal, query)));
  }

  @Get('export.xlsx')
  @Access('read', ...ALL_STAFF)
  @ApiProduces(XLSX)
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccessibilityQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, accessibilityTable(await this.reports.report(principal, query)));
  }
}

/** Provider scorecards: staff see the providers of their unit, an organisation client itself. */
@ApiTags('scorecards')
@Controller('scorecards')
export class ScorecardsController {
  constructor(private readonly reports: AccessibilityReportUseCase) {}

  @Get()
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOkResponse({ type: ScorecardReportDto })
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ScorecardQuery,
  ): Promise<ScorecardReportDto> {
    return this.reports.scorecards(principal, query);
  }

  @Get('export.csv')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiProduces('text/csv')
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ScorecardQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, scorecardTable(await this.reports.scorecards(principal, query)));
  }

  @Get('export.xlsx')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiProduces(XLSX)
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ScorecardQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, scorecardTable(await this.reports.scorecards(principal, query)));
  }
}

import { Controller, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { ReportRoutes } from '../reports/report-routes.js';
import { csvReply, xlsxReply } from '../reports/table-export.js';
import { coverageTable, trendTable } from './coverage-table.js';
import { CoverageQuery, CoverageReportDto, CoverageTrendDto, CoverageTrendQuery } from './coverage.dto.js';
import { CoverageReportUseCase } from './coverage-report.usecase.js';

/** Who of the eligible elders were reached, per unit, month and priority group ([9/11]). */
@ApiTags('coverage')
@Controller('coverage')
export class CoverageController {
  constructor(private readonly reports: CoverageReportUseCase) {}

  @ReportRoutes.json('', CoverageReportDto, ALL_STAFF)
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageQuery,
  ): Promise<CoverageReportDto> {
    return this.reports.report(principal, query);
  }

  @ReportRoutes.csv('export.csv', ALL_STAFF)
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, coverageTable(await this.reports.report(principal, query)));
  }

  @ReportRoutes.xlsx('export.xlsx', ALL_STAFF)
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, coverageTable(await this.reports.report(principal, query)));
  }

  @ReportRoutes.json('trend', CoverageTrendDto, ALL_STAFF)
  trend(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageTrendQuery,
  ): Promise<CoverageTrendDto> {
    return this.reports.trend(principal, query);
  }

  @ReportRoutes.csv('trend/export.csv', ALL_STAFF)
  async trendCsv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageTrendQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, trendTable(await this.reports.trend(principal, query)));
  }

  @ReportRoutes.xlsx('trend/export.xlsx', ALL_STAFF)
  async trendXlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageTrendQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, trendTable(await this.reports.trend(principal, query)));
  }
}

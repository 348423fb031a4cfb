import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { csvReply, xlsxReply } from '../reports/table-export.js';
import { coverageTable, trendTable } from './coverage-table.js';
import { CoverageQuery, CoverageReportDto, CoverageTrendDto, CoverageTrendQuery } from './coverage.dto.js';
import { CoverageReportUseCase } from './coverage-report.usecase.js';

/** Who of the eligible elders were reached, per unit, month and priority group ([9/11]). */
@ApiTags('coverage')
@Controller('coverage')
export class CoverageController {
  constructor(private readonly reports: CoverageReportUseCase) {}

  @Get()
  @Access('read', ...ALL_STAFF)
  @ApiOkResponse({ type: CoverageReportDto })
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageQuery,
  ): Promise<CoverageReportDto> {
    return this.reports.report(principal, query);
  }

  @Get('export.csv')
  @Access('read', ...ALL_STAFF)
  @ApiProduces('text/csv')
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, coverageTable(await this.reports.report(principal, query)));
  }

  @Get('export.xlsx')
  @Access('read', ...ALL_STAFF)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, coverageTable(await this.reports.report(principal, query)));
  }

  @Get('trend')
  @Access('read', ...ALL_STAFF)
  @ApiOkResponse({ type: CoverageTrendDto })
  trend(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageTrendQuery,
  ): Promise<CoverageTrendDto> {
    return this.reports.trend(principal, query);
  }

  @Get('trend/export.csv')
  @Access('read', ...ALL_STAFF)
  @ApiProduces('text/csv')
  async trendCsv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageTrendQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, trendTable(await this.reports.trend(principal, query)));
  }

  @Get('trend/export.xlsx')
  @Access('read', ...ALL_STAFF)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async trendXlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CoverageTrendQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, trendTable(await this.reports.trend(principal, query)));
  }
}

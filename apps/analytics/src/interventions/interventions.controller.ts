import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { csvReply, xlsxReply } from '../reports/table-export.js';
import { InterventionOutcomesQuery, InterventionsQuery } from './interventions-query.dto.js';
import { InterventionsReportDto } from './interventions-report.dto.js';
import { InterventionOutcomesDto } from './intervention-outcomes.dto.js';
import { InterventionsReportUseCase } from './interventions-report.usecase.js';
import { interventionsTable } from './interventions-export.js';
import { outcomesTable } from './outcomes-table.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Group interventions across a unit ([9/11]): programmes and outcomes by theme and theory, volunteer hours. */
@ApiTags('intervention-reports')
@Controller('intervention-reports')
export class InterventionsController {
  constructor(private readonly reports: InterventionsReportUseCase) {}

  @Get()
  @Access('read', ...ALL_STAFF)
  @ApiOperation({
    summary: 'Programmes, members, sessions, outcomes and volunteer hours of a unit over a range',
  })
  @ApiOkResponse({ type: InterventionsReportDto })
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionsQuery,
  ): Promise<InterventionsReportDto> {
    return this.reports.report(principal, query);
  }

  @Get('export.csv')
  @Access('read', ...ALL_STAFF)
  @ApiProduces('text/csv')
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, interventionsTable(await this.reports.report(principal, query)));
  }

  @Get('export.xlsx')
  @Access('read', ...ALL_STAFF)
  @ApiProduces(XLSX)
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, interventionsTable(await this.reports.report(principal, query)));
  }

  @Get('outcomes')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({
    summary: 'Submitted outcomes per programme: dimension changes, significance (p < 0.05), level bands',
    description: "Staff: the unit's programmes; an organisation's client: its own programmes only.",
  })
  @ApiOkResponse({ type: InterventionOutcomesDto })
  outcomes(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionOutcomesQuery,
  ): Promise<InterventionOutcomesDto> {
    return this.reports.outcomes(principal, query);
  }

  @Get('outcomes/export.csv')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiProduces('text/csv')
  async outcomesCsv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionOutcomesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, outcomesTable(await this.reports.outcomes(principal, query)));
  }

  @Get('outcomes/export.xlsx')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiProduces(XLSX)
  async outcomesXlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionOutcomesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, outcomesTable(await this.reports.outcomes(principal, query)));
  }
}

import { Controller, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ALL_STAFF, CurrentPrincipal, type Principal, type Role } from '#anlao/auth';
import { ReportRoutes } from '../reports/report-routes.js';
import { csvReply, xlsxReply } from '../reports/table-export.js';
import { InterventionOutcomesQuery, InterventionsQuery } from './interventions-query.dto.js';
import { InterventionsReportDto } from './interventions-report.dto.js';
import { InterventionOutcomesDto } from './intervention-outcomes.dto.js';
import { InterventionsReportUseCase } from './interventions-report.usecase.js';
import { interventionsTable } from './interventions-export.js';
import { outcomesTable } from './outcomes-table.js';

/** Staff read their unit's outcomes; an organisation's client reads its own programmes'. */
const OUTCOME_READERS: readonly Role[] = [...ALL_STAFF, 'organisation-client'];

/** Group interventions across a unit ([9/11]): programmes and outcomes by theme and theory, volunteer hours. */
@ApiTags('intervention-reports')
@Controller('intervention-reports')
export class InterventionsController {
  constructor(private readonly reports: InterventionsReportUseCase) {}

  @ReportRoutes.json('', InterventionsReportDto, ALL_STAFF)
  @ApiOperation({
    summary: 'Programmes, members, sessions, outcomes and volunteer hours of a unit over a range',
  })
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionsQuery,
  ): Promise<InterventionsReportDto> {
    return this.reports.report(principal, query);
  }

  @ReportRoutes.csv('export.csv', ALL_STAFF)
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, interventionsTable(await this.reports.report(principal, query)));
  }

  @ReportRoutes.xlsx('export.xlsx', ALL_STAFF)
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, interventionsTable(await this.reports.report(principal, query)));
  }

  @ReportRoutes.json('outcomes', InterventionOutcomesDto, OUTCOME_READERS)
  @ApiOperation({
    summary: 'Submitted outcomes per programme: dimension changes, significance (p < 0.05), level bands',
    description: "Staff: the unit's programmes; an organisation's client: its own programmes only.",
  })
  outcomes(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionOutcomesQuery,
  ): Promise<InterventionOutcomesDto> {
    return this.reports.outcomes(principal, query);
  }

  @ReportRoutes.csv('outcomes/export.csv', OUTCOME_READERS)
  async outcomesCsv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionOutcomesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, outcomesTable(await this.reports.outcomes(principal, query)));
  }

  @ReportRoutes.xlsx('outcomes/export.xlsx', OUTCOME_READERS)
  async outcomesXlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InterventionOutcomesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, outcomesTable(await this.reports.outcomes(principal, query)));
  }
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { csvReply, xlsxReply, type ReportTable } from '../reports/table-export.js';
import { AtRiskPageDto, AtRiskQuery } from './at-risk.dto.js';
import { AtRiskUseCase, type AtRiskPage } from './at-risk.usecase.js';

function atRiskTable(page: AtRiskPage): ReportTable {
  return {
    name: `at-risk-${page.community}-${page.today}`,
    columns: [
      'residentId',
      'communityPath',
      'groups',
      'daysSinceService',
      'lastServedAt',
      'walletUnused',
      'risk',
    ],
    rows: page.items.map((e) => [
      e.residentId,
      e.communityPath,
      e.groups.join(' '),
      e.daysSinceService,
      e.lastServedAt,
      e.walletUnused,
      e.risk,
    ]),
    notes: [
      ['community', page.community],
      ['no service for at least (days)', page.days],
      ['judged on', page.today],
    ],
  };
}

/** Personal data (who is at risk): every read is in the audit trail as a listing. */
@ApiTags('at-risk')
@Controller('at-risk')
export class AtRiskController {
  constructor(private readonly atRisk: AtRiskUseCase) {}

  @Get()
  @Access('bulk-personal-read', ...ALL_STAFF)
  @ApiOkResponse({ type: AtRiskPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: AtRiskQuery): Promise<AtRiskPageDto> {
    return this.atRisk.list(principal, query);
  }

  @Get('export.csv')
  @Access('bulk-personal-read', ...ALL_STAFF)
  @ApiProduces('text/csv')
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AtRiskQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return csvReply(reply, atRiskTable(await this.atRisk.list(principal, query)));
  }

  @Get('export.xlsx')
  @Access('bulk-personal-read', ...ALL_STAFF)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AtRiskQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return xlsxReply(reply, atRiskTable(await this.atRisk.list(principal, query)));
  }
}

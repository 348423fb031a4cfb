import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { parseId } from '#anlao/platform';
import { InterventionsOutbox } from '../shared/outbox.js';
import { visible } from '../shared/programme-access.js';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import type { Programme } from '../programmes/programme.schema.js';
import { OutcomeReports } from './outcome-inputs.js';
import type { OutcomeReport } from './outcome-report.js';
import { outcomeCsv, outcomeWorkbook } from './outcome-export.js';
import { SubmitOutcomeUseCase } from './submit-outcome.usecase.js';

/** Outcomes are aggregates (no answer, no name): staff of the programme's unit read them like the organisation. */
@ApiTags('programmes')
@Controller('programmes/:programmeId/outcome')
export class OutcomesController {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly reports: OutcomeReports,
    private readonly submit: SubmitOutcomeUseCase,
    private readonly outbox: InterventionsOutbox,
  ) {}

  @Get()
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({
    summary:
      'The outcome report: per dimension n, pre/post mean, median, SD, change and 95% CI, paired t, Wilcoxon, d_z, bands',
    description:
      'Also completion, who is left out of the paired figures and why, and survey cross-tabulations (chi-square).',
  })
  @ApiOkResponse({ description: 'OutcomeReport' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
  ): Promise<OutcomeReport> {
    return this.reports.of(await this.programme(principal, id));
  }

  @Post('submit')
  @Access('write', 'organisation-client')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Submit a completed programme’s outcome: publishes `outcome.submitted` (aggregate figures only)',
    description:
      'The same figures again publish nothing (`published: false`); 409 `programme.not-completed`.',
  })
  async post(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
    @Req() req: FastifyRequest,
  ): Promise<{ published: boolean; revision: number; submittedAt: string }> {
    const result = await this.submit.execute(principal, parseId('programmeId', id), String(req.id));
    if (result.published) this.outbox.notify();
    return {
      published: result.published,
      revision: result.outcome.revision,
      submittedAt: new Date(result.outcome.submittedAt).toISOString(),
    };
  }

  @Get('export.csv')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiProduces('text/csv')
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const programme = await this.programme(principal, id);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="outcome-${programme._id}.csv"`);
    return outcomeCsv(await this.reports.of(programme));
  }

  @Get('export.xlsx')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const programme = await this.programme(principal, id);
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="outcome-${programme._id}.xlsx"`);
    return outcomeWorkbook(await this.reports.of(programme), programme.title);
  }

  private async programme(principal: Principal, id: string): Promise<Programme> {
    const programmeId = parseId('programmeId', id);
    return visible(principal, await this.programmes.findById(programmeId), 'programme', programmeId);
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { parseId, parseRequiredIdempotencyKey, requiredIdempotencyKeyHeader } from '#anlao/platform';
import { InterventionsOutbox } from '../shared/outbox.js';
import { scopeFilterOf, visible } from '../shared/programme-access.js';
import {
  ChangeProgrammeStatusDto,
  ListProgrammesQuery,
  ProgrammeList,
  ProgrammeView,
  RegisterProgrammeDto,
} from './programme.dto.js';
import { ProgrammeRepository } from './programme.repository.js';
import type { Programme } from './programme.schema.js';
import { RegisterProgrammeUseCase } from './register-programme.usecase.js';
import { ChangeProgrammeStatusUseCase } from './change-programme-status.usecase.js';

export function programmeView(p: Programme): ProgrammeView {
  return {
    programmeId: p._id,
    providerId: p.providerId,
    contractId: p.contractId,
    communityPath: p.communityPath,
    title: p.title,
    theme: p.theme,
    theories: p.theories,
    targetGroups: p.targetGroups,
    plannedSessions: p.plannedSessions,
    minSessionsAttended: p.minSessionsAttended,
    facilitatorWorkerId: p.facilitatorWorkerId,
    instrument: p.instrument,
    status: p.status,
    revision: p.revision,
  };
}

/** Programmes hold codes and an organisation's title, no resident: reads are audited as `read`. */
@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(
    private readonly register: RegisterProgrammeUseCase,
    private readonly status: ChangeProgrammeStatusUseCase,
    private readonly programmes: ProgrammeRepository,
    private readonly outbox: InterventionsOutbox,
  ) {}

  @Post()
  @Access('write', 'organisation-client')
  @ApiOperation({
    summary: 'Register a programme of the calling organisation: 201 new, 200 the same key again',
    description:
      'Checked against the organisation’s operating areas, its active workers and (optional) contract as ' +
      'purchased-services published them: an unknown one is 422 with `retryable: true`.',
  })
  @ApiHeader(requiredIdempotencyKeyHeader('the same key and body answer the first'))
  @ApiOkResponse({ type: ProgrammeView })
  @ApiConflictResponse({ description: '`programme.idempotency-key-reused`' })
  async post(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: RegisterProgrammeDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProgrammeView> {
    const idempotencyKey = parseRequiredIdempotencyKey(key, 'programme.invalid-idempotency-key');
    const result = await this.register.execute(principal, dto, idempotencyKey, String(req.id));
    if (result.created) this.outbox.notify();
    void reply.status(result.created ? 201 : 200);
    return programmeView(result.programme);
  }

  @Get()
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'Programmes in the caller’s scope (an organisation: its own), paged by id' })
  @ApiOkResponse({ type: ProgrammeList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListProgrammesQuery,
  ): Promise<ProgrammeList> {
    const limit = query.limit ?? 50;
    const page = await this.programmes.list(scopeFilterOf(principal), query.status, {
      after: query.after,
      limit,
    });
    return {
      items: page.map(programmeView),
      next: page.length === limit ? (page.at(-1)?._id ?? null) : null,
    };
  }

  @Get(':programmeId')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOkResponse({ type: ProgrammeView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
  ): Promise<ProgrammeView> {
    const programmeId = parseId('programmeId', id);
    return programmeView(
      visible(principal, await this.programmes.findById(programmeId), 'programme', programmeId),
    );
  }

  @Post(':programmeId/status')
  @Access('write', 'organisation-client')
  @HttpCode(200)
  @ApiOperation({ summary: 'planned → running → completed, or cancelled; 409 names the current state' })
  @ApiOkResponse({ type: ProgrammeView })
  async changeStatus(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
    @Body() dto: ChangeProgrammeStatusDto,
    @Req() req: FastifyRequest,
  ): Promise<ProgrammeView> {
    const programme = await this.status.execute(
      principal,
      parseId('programmeId', id),
      dto.status,
      String(req.id),
    );
    this.outbox.notify();
    return programmeView(programme);
  }
}

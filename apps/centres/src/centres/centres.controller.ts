import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Access,
  ALL_STAFF,
  assertVisible,
  CurrentPrincipal,
  MANAGING_STAFF,
  scopeFilter,
  type Principal,
} from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import {
  CENTRE_ID,
  CentreList,
  CentreView,
  DeactivateCentreDto,
  ListCentresQuery,
  RegisterCentreDto,
  UpdateCentreDto,
} from './centre.dto.js';
import { asScoped, CENTRE_SCOPE, CentreRepository, type CentreRecord } from './centre.repository.js';
import { factsOf } from './centre-facts.js';
import { RegisterCentreUseCase } from './register-centre.usecase.js';
import { UpdateCentreUseCase } from './update-centre.usecase.js';
import { DeactivateCentreUseCase } from './deactivate-centre.usecase.js';
import { VisitsOutbox } from '../visits/visits-outbox.js';

export function parseCentreId(value: string): string {
  if (!CENTRE_ID.test(value)) {
    throw new DomainError('invalid', 'centre.invalid-id', 'centreId must be 1-64 letters, digits or dashes', [
      { field: 'centreId', message: 'letters, digits or dashes, at most 64' },
    ]);
  }
  return value;
}

/** Every field, the defaults of fields a centre stored before them lacks included. */
function view(c: CentreRecord): CentreView {
  return {
    centreId: c._id,
    ...factsOf(c),
    status: c.status ?? 'active',
    deactivatedAt: c.deactivatedAt ? new Date(c.deactivatedAt).toISOString() : null,
    deactivationReason: c.deactivationReason ?? null,
  };
}

@ApiTags('centres')
@Controller('centres')
export class CentresController {
  constructor(
    private readonly register: RegisterCentreUseCase,
    private readonly update: UpdateCentreUseCase,
    private readonly deactivation: DeactivateCentreUseCase,
    private readonly centres: CentreRepository,
    private readonly outbox: VisitsOutbox,
  ) {}

  /** Registers a centre under its city-issued code, in a community within the caller's unit. */
  @Put(':centreId')
  @Access('write', ...MANAGING_STAFF)
  @ApiOperation({
    summary: 'Register a centre: 201 new, 200 the same registration again, 409 other details',
  })
  @ApiOkResponse({ type: CentreView })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Body() dto: RegisterCentreDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CentreView> {
    const result = await this.register.execute(principal, parseCentreId(centreId), dto, String(req.id));
    if (result.status === 'registered') this.outbox.notify();
    void reply.status(result.status === 'registered' ? 201 : 200);
    return view(result.centre);
  }

  @Patch(':centreId')
  @Access('write', ...MANAGING_STAFF)
  @ApiOperation({
    summary: 'Change any of a centre’s fields (null clears operatorId, openingHours or location)',
    description:
      'Staff of the centre’s unit (and of the new community’s, for a move). Publishes `centre.updated` ' +
      'when a published fact changes; a change that changes nothing answers 200 without an event.',
  })
  @ApiOkResponse({ type: CentreView })
  @ApiConflictResponse({
    description: '`centre.inactive`: deactivated; `centre.changed-meanwhile`: kept changing, try again',
  })
  async patch(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Body() dto: UpdateCentreDto,
    @Req() req: FastifyRequest,
  ): Promise<CentreView> {
    const result = await this.update.execute(principal, parseCentreId(centreId), { ...dto }, String(req.id));
    if (result.published) this.outbox.notify();
    return view(result.centre);
  }

  @Post(':centreId/deactivate')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate a centre: it reports no more visits; deactivating again is harmless',
    description: 'Publishes `centre.deactivated` once; a repeat answers 200 and the first reason stands.',
  })
  @ApiOkResponse({ type: CentreView })
  async deactivate(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Body() dto: DeactivateCentreDto,
    @Req() req: FastifyRequest,
  ): Promise<CentreView> {
    const result = await this.deactivation.execute(
      principal,
      parseCentreId(centreId),
      dto.reason,
      String(req.id),
    );
    if (result.deactivatedNow) this.outbox.notify();
    return view(result.centre);
  }

  /** The centres the caller may see: staff, those of their unit; a centre, itself. */
  @Get()
  @Access('read', ...ALL_STAFF, 'centre-client')
  @ApiOperation({ summary: 'The centres in the caller’s scope, by kind, community and status, paged' })
  @ApiOkResponse({ type: CentreList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCentresQuery,
  ): Promise<CentreList> {
    const limit = query.limit ?? 50;
    const items = await this.centres.list(
      scopeFilter(principal, CENTRE_SCOPE),
      { kind: query.kind, community: query.community, status: query.status },
      { after: query.after, limit },
    );
    return { items: items.map(view), next: items.length === limit ? (items.at(-1)?._id ?? null) : null };
  }

  @Get(':centreId')
  @Access('read', ...ALL_STAFF, 'centre-client')
  @ApiOkResponse({ type: CentreView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
  ): Promise<CentreView> {
    const centre = assertVisible(principal, asScoped(await this.centres.findById(parseCentreId(centreId))), {
      code: 'centre.not-found',
      detail: `no centre ${centreId}`,
    });
    return view(centre);
  }
}

import { Body, Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
import { CENTRE_ID, CentreList, CentreView, ListCentresQuery, RegisterCentreDto } from './centre.dto.js';
import { asScoped, CENTRE_SCOPE, CentreRepository, type CentreRecord } from './centre.repository.js';
import { RegisterCentreUseCase } from './register-centre.usecase.js';

export function parseCentreId(value: string): string {
  if (!CENTRE_ID.test(value)) {
    throw new DomainError('invalid', 'centre.invalid-id', 'centreId must be 1-64 letters, digits or dashes', [
      { field: 'centreId', message: 'letters, digits or dashes, at most 64' },
    ]);
  }
  return value;
}

function view(c: CentreRecord): CentreView {
  return {
    centreId: c._id,
    name: c.name,
    kind: c.kind,
    communityPath: c.communityPath,
    capacity: c.capacity,
    communityOnly: c.communityOnly ?? false,
  };
}

@ApiTags('centres')
@Controller('centres')
export class CentresController {
  constructor(
    private readonly register: RegisterCentreUseCase,
    private readonly centres: CentreRepository,
  ) {}

  /** Registers a centre under its city-issued code, in a community within the caller's unit. */
  @Put(':centreId')
  @Access('write', ...MANAGING_STAFF)
  @ApiOkResponse({ type: CentreView })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Body() dto: RegisterCentreDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CentreView> {
    const result = await this.register.execute(principal, parseCentreId(centreId), dto, String(req.id));
    void reply.status(result.status === 'registered' ? 201 : 200);
    return view(result.centre);
  }

  /** The centres the caller may see: staff, those of their unit; a centre, itself. */
  @Get()
  @Access('read', ...ALL_STAFF, 'centre-client')
  @ApiOkResponse({ type: CentreList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCentresQuery,
  ): Promise<CentreList> {
    const limit = query.limit ?? 50;
    const items = await this.centres.list(scopeFilter(principal, CENTRE_SCOPE), {
      after: query.after,
      limit,
    });
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

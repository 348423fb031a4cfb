import { Body, Controller, Get, Param, Put, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '#anlao/platform';
import { CENTRE_ID, CentreView, RegisterCentreDto } from './centre.dto.js';
import { CentreRepository, type CentreRecord } from './centre.repository.js';
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
  };
}

@ApiTags('centres')
@Controller('centres')
export class CentresController {
  constructor(
    private readonly register: RegisterCentreUseCase,
    private readonly centres: CentreRepository,
  ) {}

  /** Registers a centre under its city-issued code; repeating the same registration is harmless. */
  @Put(':centreId')
  @ApiOkResponse({ type: CentreView })
  async put(
    @Param('centreId') centreId: string,
    @Body() dto: RegisterCentreDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CentreView> {
    const result = await this.register.execute(parseCentreId(centreId), dto, String(req.id));
    void reply.status(result.status === 'registered' ? 201 : 200);
    return view(result.centre);
  }

  @Get(':centreId')
  @ApiOkResponse({ type: CentreView })
  async get(@Param('centreId') centreId: string): Promise<CentreView> {
    const centre = await this.centres.findById(parseCentreId(centreId));
    if (!centre) throw new DomainError('not-found', 'centre.not-found', `no centre ${centreId}`);
    return view(centre);
  }
}

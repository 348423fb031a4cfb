import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentPrincipal, type Principal } from '#anlao/auth';
import { parseCentreId } from '../centres/centres.controller.js';
import { RecordVisitsDto, RecordVisitsResponse } from './visit.dto.js';
import { RecordVisitsUseCase } from './record-visits.usecase.js';
import { VisitsOutbox } from './visits-outbox.js';

@ApiTags('visits')
@Controller('centres/:centreId/visits')
export class VisitsController {
  constructor(
    private readonly recordVisits: RecordVisitsUseCase,
    private readonly outbox: VisitsOutbox,
  ) {}

  @Post()
  @Access('write', 'centre-client')
  @ApiOperation({
    summary: 'Report a batch of visits (check-in/check-out), late or repeated submissions included',
    description: 'Answers 201 when at least one visit is new, 200 when every visit was already stored.',
  })
  @ApiOkResponse({ type: RecordVisitsResponse })
  async record(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Body() dto: RecordVisitsDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordVisitsResponse> {
    const result = await this.recordVisits.execute(
      principal,
      parseCentreId(centreId),
      dto.visits,
      String(req.id),
    );
    if (result.recorded > 0) this.outbox.notify();
    void reply.status(result.recorded > 0 ? 201 : 200);
    return result;
  }
}

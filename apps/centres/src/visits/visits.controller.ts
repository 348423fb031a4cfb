import { Body, Controller, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentPrincipal, MANAGING_STAFF, type Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { parseCentreId } from '../centres/centres.controller.js';
import {
  RecordVisitsDto,
  RecordVisitsResponse,
  SingleVisitInput,
  VisitResult,
  VisitVoidView,
  VoidVisitDto,
} from './visit.dto.js';
import { VoidVisitUseCase } from './void-visit.usecase.js';
import { RecordVisitsUseCase } from './record-visits.usecase.js';
import { VisitsOutbox } from './visits-outbox.js';

@ApiTags('visits')
@Controller('centres/:centreId/visits')
export class VisitsController {
  constructor(
    private readonly recordVisits: RecordVisitsUseCase,
    private readonly outbox: VisitsOutbox,
    private readonly voidVisit: VoidVisitUseCase,
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

  /**
   * One visit on its own, judged exactly like a batch item: 201 recorded, 200 duplicate,
   * 409 conflict (the first stands), 422 rejected with the item's code (and `retryable`).
   */
  @Put(':visitId')
  @Access('write', 'centre-client')
  @ApiOperation({ summary: 'Report one visit (check-in, check-in with check-out, or a later check-out)' })
  @ApiOkResponse({ type: VisitResult })
  async recordOne(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Param('visitId') visitId: string,
    @Body() dto: SingleVisitInput,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VisitResult> {
    const id = parseVisitId(visitId);
    const batch = await this.recordVisits.execute(
      principal,
      parseCentreId(centreId),
      [{ ...dto, visitId: id }],
      String(req.id),
    );
    const result = batch.results[0] as VisitResult;
    if (result.status === 'recorded') this.outbox.notify();
    if (result.status === 'conflict')
      throw new DomainError('conflict', 'visit.conflict', `visit ${id} was reported before with other facts`);
    if (result.status === 'rejected')
      throw new DomainError(
        'unprocessable',
        result.code ?? 'visit.invalid',
        result.reason ?? 'rejected',
        [],
        result.retryable ? { retryable: true } : {},
      );
    void reply.status(result.status === 'recorded' ? 201 : 200);
    return result;
  }

  /** Staff of the centre's unit correct a visit: it stays stored but counts nowhere (`visit.voided`). */
  @Post(':visitId/void')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(200)
  @ApiOperation({ summary: 'Void a recorded visit with a reason; voiding again is harmless' })
  @ApiOkResponse({ type: VisitVoidView })
  async void(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Param('visitId') visitId: string,
    @Body() dto: VoidVisitDto,
    @Req() req: FastifyRequest,
  ): Promise<VisitVoidView> {
    const { status, visit } = await this.voidVisit.execute(
      principal,
      {
        centreId: parseCentreId(centreId),
        visitId: parseVisitId(visitId),
        reason: dto.reason,
        note: dto.note ?? null,
      },
      String(req.id),
    );
    if (status === 'voided') this.outbox.notify();
    return {
      visitId: visit.visitId,
      residentId: visit.residentId,
      voidReason: visit.voidReason ?? dto.reason,
      voidedAt: (visit.voidedAt ?? new Date()).toISOString(),
      voidedBy: visit.voidedBy ?? principal.subject,
      voidedNow: status === 'voided',
    };
  }
}

const VISIT_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function parseVisitId(value: string): string {
  if (!VISIT_ID.test(value)) {
    throw new DomainError('invalid', 'visit.invalid-id', 'visitId must be 1-64 letters, digits, ., _ or -', [
      { field: 'visitId', message: 'letters, digits, ., _ or -, at most 64' },
    ]);
  }
  return value;
}

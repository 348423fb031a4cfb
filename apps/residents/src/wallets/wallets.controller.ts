import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentPrincipal, type Principal } from '#anlao/auth';
import { acceptJob, IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, type JobView } from '#anlao/jobs';
import { IsMonth } from '#anlao/platform';
import { CreditRunJob } from './credit-run.job.js';

export class CreditRunDto {
  @ApiProperty({ example: '2026-11' })
  @IsMonth()
  month!: string;
}

@ApiTags('wallets')
@Controller('wallets')
export class WalletsController {
  constructor(private readonly creditRuns: CreditRunJob) {}

  /**
   * Queues the monthly credit run (a background job: 202, `Location` names it). The same
   * month again while its run is queued or running returns that run; a later run credits
   * only who was not credited yet.
   */
  @Post('credit-runs')
  @Access('admin', 'city-admin')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiAcceptedResponse({ description: 'the job; `Location` is its URL' })
  async creditRun(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreditRunDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobView> {
    const key = parseIdempotencyKey(idempotencyKey);
    return acceptJob(reply, await this.creditRuns.submit(p, dto.month, key, String(req.id)));
  }
}

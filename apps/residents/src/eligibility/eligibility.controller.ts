import { Body, Controller, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, assertCityLevel, CurrentPrincipal, type Principal } from '#anlao/auth';
import { acceptJob, IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, type JobView } from '#anlao/jobs';
import { IsDay } from '#anlao/platform';
import { RegistryUseCase } from '../residents/registry.usecase.js';
import { EligibilityService, FALLBACK_RULE_SET } from './eligibility.service.js';
import type { RuleSet } from './eligibility-rules.js';
import { ReassessmentJob } from './reassessment.job.js';

export class ReassessDto {
  @ApiProperty({
    required: false,
    example: '2026-11-25',
    description: 'the day to assess for; today when absent',
  })
  @IsOptional()
  @IsDay()
  date?: string;
}

@ApiTags('eligibility')
@Controller('eligibility')
export class EligibilityController {
  constructor(
    private readonly eligibility: EligibilityService,
    private readonly registry: RegistryUseCase,
    private readonly reassessments: ReassessmentJob,
  ) {}

  /** Every published rule set, and the one in force today. */
  @Get('rule-sets')
  @Access('read', ...ALL_STAFF)
  async list(): Promise<{ active: RuleSet; published: RuleSet[]; fallback: RuleSet }> {
    return {
      active: await this.eligibility.activeOn(this.registry.today()),
      published: await this.eligibility.all(),
      fallback: FALLBACK_RULE_SET,
    };
  }

  /** Publishes a new version (never an edit); residents are reassessed on its effective day. */
  @Post('rule-sets')
  @Access('admin', 'city-admin')
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        version: '2027-01',
        effectiveFrom: '2027-01-01',
        unusedBalance: 'carry-over',
        categories: [
          {
            code: 'aged-80-plus',
            minAge: 80,
            monthlyCreditFen: { 'basic-care': 4000, 'living-services': 6000 },
            freeExperienceServices: 0,
          },
        ],
      },
    },
  })
  async publish(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<RuleSet> {
    assertCityLevel(p);
    // A staff account after assertCityLevel, so its unit is always there.
    const by = { subject: p.subject, orgUnit: p.orgUnit ?? '', correlationId: String(req.id) };
    return this.eligibility.publish(body, by, this.registry.today());
  }

  /**
   * Queues the assessment of a day (a background job: 202, `Location` names it; the daily
   * job also runs by itself after midnight): residents whose age changes that day, or
   * everyone when a rule set takes effect. The same day again while its job is queued or
   * running returns that job.
   */
  @Post('reassessments')
  @Access('admin', 'city-admin')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiAcceptedResponse({ description: 'the job; `Location` is its URL' })
  async reassess(
    @CurrentPrincipal() p: Principal,
    @Body() dto: ReassessDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobView> {
    const key = parseIdempotencyKey(idempotencyKey);
    const date = dto.date ?? this.registry.today();
    return acceptJob(reply, await this.reassessments.submit(p, date, key, String(req.id)));
  }
}

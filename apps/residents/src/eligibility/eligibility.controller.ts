import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, assertCityLevel, CurrentPrincipal, type Principal } from '#anlao/auth';
import { IsDay } from '#anlao/platform';
import { RegistryUseCase } from '../residents/registry.usecase.js';
import { EligibilityService, FALLBACK_RULE_SET } from './eligibility.service.js';
import type { RuleSet } from './eligibility-rules.js';

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
  async publish(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<RuleSet> {
    assertCityLevel(p);
    return this.eligibility.publish(body, p.subject, this.registry.today());
  }

  /**
   * Runs the daily assessment for a day (it also runs by itself after midnight):
   * residents whose age changes that day, or everyone when a rule set takes effect.
   */
  @Post('reassessments')
  @Access('admin', 'city-admin')
  @HttpCode(200)
  async reassess(@CurrentPrincipal() p: Principal, @Body() dto: ReassessDto, @Req() req: FastifyRequest) {
    assertCityLevel(p);
    const date = dto.date ?? this.registry.today();
    return { date, ...(await this.registry.reassessOn(date, String(req.id))) };
  }
}

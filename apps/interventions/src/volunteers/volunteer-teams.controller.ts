import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { parseId, parseRequiredIdempotencyKey, requiredIdempotencyKeyHeader } from '#anlao/platform';
import { scopeFilterOf, visible } from '../shared/programme-access.js';
import {
  ListVolunteerTeamsQuery,
  RegisterVolunteerTeamDto,
  VolunteerTeamList,
  VolunteerTeamView,
} from './volunteer.dto.js';
import { VolunteerTeamRepository } from './volunteer-team.repository.js';
import type { VolunteerTeam } from './volunteer-team.schema.js';
import { RegisterVolunteerTeamUseCase } from './register-volunteer-team.usecase.js';

export function volunteerTeamView(t: VolunteerTeam): VolunteerTeamView {
  return {
    teamId: t._id,
    providerId: t.providerId,
    communityPath: t.communityPath,
    name: t.name,
    capacityProgrammeId: t.capacityProgrammeId,
    revision: t.revision,
  };
}

/** Teams hold places, codes and an organisation's name, no resident: reads are audited as `read`. */
@ApiTags('volunteers')
@Controller('volunteer-teams')
export class VolunteerTeamsController {
  constructor(
    private readonly register: RegisterVolunteerTeamUseCase,
    private readonly teams: VolunteerTeamRepository,
  ) {}

  @Post()
  @Access('write', 'organisation-client')
  @ApiOperation({
    summary: 'Register a volunteer team of the calling organisation: 201 new, 200 the same key again',
    description:
      'Its community must lie in the organisation’s operating areas as purchased-services published them ' +
      '(an organisation not known yet is 422 `provider.unknown` with `retryable: true`). A `capacityProgrammeId` ' +
      'names one of the organisation’s programmes using `volunteer-service-capacity@1` (422 otherwise).',
  })
  @ApiHeader(requiredIdempotencyKeyHeader('the same key and body answer the first'))
  @ApiOkResponse({ type: VolunteerTeamView })
  @ApiConflictResponse({ description: '`volunteer-team.idempotency-key-reused`' })
  async post(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: RegisterVolunteerTeamDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VolunteerTeamView> {
    const idempotencyKey = parseRequiredIdempotencyKey(key, 'volunteer-team.invalid-idempotency-key');
    const result = await this.register.execute(principal, dto, idempotencyKey);
    void reply.status(result.created ? 201 : 200);
    return volunteerTeamView(result.team);
  }

  @Get()
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'Volunteer teams in the caller’s scope (an organisation: its own), paged by id' })
  @ApiOkResponse({ type: VolunteerTeamList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListVolunteerTeamsQuery,
  ): Promise<VolunteerTeamList> {
    const limit = query.limit ?? 50;
    const page = await this.teams.list(scopeFilterOf(principal), { after: query.after, limit });
    return {
      items: page.map(volunteerTeamView),
      next: page.length === limit ? (page.at(-1)?._id ?? null) : null,
    };
  }

  @Get(':teamId')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOkResponse({ type: VolunteerTeamView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('teamId') id: string,
  ): Promise<VolunteerTeamView> {
    const teamId = parseId('teamId', id);
    return volunteerTeamView(visible(principal, await this.teams.findById(teamId), 'volunteer-team', teamId));
  }
}

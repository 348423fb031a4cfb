import { Body, Controller, Get, Inject, Param, Put, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { CONFIG, parseId, type ServiceConfig } from '#anlao/platform';
import { InterventionsOutbox } from '../shared/outbox.js';
import { visible } from '../shared/programme-access.js';
import {
  HoursLogView,
  HoursTotalsView,
  LogHoursDto,
  VolunteerList,
  VolunteerProfileDto,
  VolunteerView,
} from './volunteer.dto.js';
import { VolunteerTeamRepository } from './volunteer-team.repository.js';
import { VolunteerRepository } from './volunteer.repository.js';
import { HoursLogRepository } from './hours-log.repository.js';
import type { HoursLog } from './hours-log.schema.js';
import type { Volunteer } from './volunteer.schema.js';
import { PutVolunteerUseCase } from './put-volunteer.usecase.js';
import { LogHoursUseCase } from './log-hours.usecase.js';
import { totalsOf } from './hours-totals.js';

const NONE = { minutes: 0, logs: 0 };

const volunteerView = (v: Volunteer, sum: { minutes: number; logs: number }): VolunteerView => ({
  residentId: v.residentId,
  communityPath: v.communityPath,
  skills: v.skills,
  trainings: v.trainings.map((t) => ({ code: t.code, attendedOn: t.attendedOn })),
  revision: v.revision,
  minutes: sum.minutes,
  logs: sum.logs,
});

const logView = (l: HoursLog): HoursLogView => ({
  logId: l.logId,
  residentId: l.residentId,
  activity: l.activity,
  servedOn: l.servedOn,
  minutes: l.minutes,
});

/** A team's volunteers and their service hours: resident ids, so reads are audited as personal. */
@ApiTags('volunteers')
@Controller('volunteer-teams/:teamId')
export class VolunteersController {
  constructor(
    private readonly teams: VolunteerTeamRepository,
    private readonly volunteers: VolunteerRepository,
    private readonly logs: HoursLogRepository,
    private readonly putVolunteer: PutVolunteerUseCase,
    private readonly logHours: LogHoursUseCase,
    private readonly outbox: InterventionsOutbox,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Put('volunteers/:residentId')
  @Access('write', 'organisation-client')
  @ApiOperation({
    summary: 'Add a resident to the team (201) or replace their skills and trainings (200)',
    description:
      'The same profile again is 200 unchanged; another one replaces it (revision + 1). A new volunteer is ' +
      'checked like a programme member: 422 `resident.unknown` (`retryable`), `resident.deceased`, ' +
      '`resident.outside-area`; 409 `volunteer-team.full`.',
  })
  @ApiOkResponse({ type: VolunteerView })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('teamId') teamId: string,
    @Param('residentId') residentId: string,
    @Body() dto: VolunteerProfileDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VolunteerView> {
    const id = parseId('teamId', teamId);
    const result = await this.putVolunteer.execute(principal, id, parseId('residentId', residentId), dto);
    void reply.status(result.created ? 201 : 200);
    const sum = result.created
      ? NONE
      : (await this.logs.tallyOfTeam(id)).byVolunteer.get(result.volunteer.residentId);
    return volunteerView(result.volunteer, sum ?? NONE);
  }

  @Get('volunteers')
  @Access('bulk-personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'The team’s volunteers with their skills, trainings and service minutes in all' })
  @ApiOkResponse({ type: VolunteerList })
  async list(@CurrentPrincipal() principal: Principal, @Param('teamId') id: string): Promise<VolunteerList> {
    const teamId = parseId('teamId', id);
    visible(principal, await this.teams.findById(teamId), 'volunteer-team', teamId);
    const volunteers = await this.volunteers.ofTeam(teamId);
    const { byVolunteer } = await this.logs.tallyOfTeam(teamId);
    return { items: volunteers.map((v) => volunteerView(v, byVolunteer.get(v.residentId) ?? NONE)) };
  }

  @Put('hours/:logId')
  @Access('write', 'organisation-client')
  @ApiOperation({
    summary: 'Log a volunteer’s service: 201 new, 200 the same log again, 409 other facts under that logId',
    description:
      '`servedOn` not in the future and at most 90 days ago (400); the resident must be a volunteer of the ' +
      'team (422 `volunteer-hours.not-a-volunteer`). Publishes `volunteer.hours-logged` once per log.',
  })
  @ApiOkResponse({ type: HoursLogView })
  @ApiConflictResponse({ description: '`volunteer-hours.exists`' })
  async logHoursOf(
    @CurrentPrincipal() principal: Principal,
    @Param('teamId') teamId: string,
    @Param('logId') logId: string,
    @Body() dto: LogHoursDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HoursLogView> {
    const result = await this.logHours.execute(
      principal,
      parseId('teamId', teamId),
      parseId('logId', logId),
      dto,
      this.config.TIME_ZONE,
      String(req.id),
    );
    if (result.created) this.outbox.notify();
    void reply.status(result.created ? 201 : 200);
    return logView(result.log);
  }

  @Get('hours/totals')
  @Access('bulk-personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({
    summary: 'Service totals: the team’s, per activity, and per volunteer (`items`), in minutes and logs',
  })
  @ApiOkResponse({ type: HoursTotalsView })
  async hoursTotals(
    @CurrentPrincipal() principal: Principal,
    @Param('teamId') id: string,
  ): Promise<HoursTotalsView> {
    const teamId = parseId('teamId', id);
    visible(principal, await this.teams.findById(teamId), 'volunteer-team', teamId);
    const volunteers = await this.volunteers.ofTeam(teamId);
    const totals = totalsOf(
      await this.logs.tallyOfTeam(teamId),
      volunteers.map((v) => v.residentId),
    );
    return { teamId, team: totals.team, activities: totals.activities, items: totals.volunteers };
  }
}

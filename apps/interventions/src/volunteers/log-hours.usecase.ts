import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import type { Principal } from '#anlao/auth';
import { DomainError, localDay } from '#anlao/platform';
import { own } from '../shared/programme-access.js';
import { HoursLogRepository } from './hours-log.repository.js';
import { hoursLogIdOf, type HoursLog } from './hours-log.schema.js';
import { VolunteerRepository } from './volunteer.repository.js';
import { VolunteerTeamRepository } from './volunteer-team.repository.js';
import { volunteerIdOf } from './volunteer.schema.js';
import { sameLog, servedOnProblems, type LogFacts } from './volunteer-rules.js';

export type LogHoursResult = { created: boolean; log: HoursLog };

/**
 * Logs a volunteer's service (PUT per the organisation's logId: 201 new, 200 the same facts again,
 * 409 other facts — the first stands). Each log is its own document written once, with its
 * `volunteer.hours-logged` event in the same write; totals are folded from the logs when read.
 */
@Injectable()
export class LogHoursUseCase {
  constructor(
    private readonly teams: VolunteerTeamRepository,
    private readonly volunteers: VolunteerRepository,
    private readonly logs: HoursLogRepository,
  ) {}

  async execute(
    principal: Principal,
    teamId: string,
    logId: string,
    input: LogFacts,
    timeZone: string,
    correlationId: string,
  ): Promise<LogHoursResult> {
    const team = own(principal, await this.teams.findById(teamId), 'volunteer-team', teamId);
    const id = hoursLogIdOf(teamId, logId);
    const log: HoursLog = {
      _id: id,
      teamId,
      logId,
      residentId: input.residentId,
      activity: input.activity,
      servedOn: input.servedOn,
      minutes: input.minutes,
    };
    // A retry of a stored log answers it, even once its day is more than 90 days back.
    const first = await this.logs.findById(id);
    if (first) return { created: false, log: same(first, log) };
    const problems = servedOnProblems(input.servedOn, localDay(new Date(), timeZone));
    if (problems.length > 0)
      throw new DomainError('invalid', 'request.invalid', `servedOn: ${problems[0]?.message}`, problems);
    if ((await this.volunteers.findById(volunteerIdOf(teamId, input.residentId))) === null)
      throw new DomainError(
        'unprocessable',
        'volunteer-hours.not-a-volunteer',
        `${input.residentId} is not a volunteer of team ${teamId}`,
        [{ field: 'residentId', message: 'not a volunteer of the team' }],
      );
    const event = createEvent({
      type: 'volunteer.hours-logged',
      source: 'interventions',
      subject: id,
      orgUnit: team.communityPath,
      correlationId,
      payload: {
        teamId,
        providerId: team.providerId,
        residentId: log.residentId,
        logId,
        activity: log.activity,
        servedOn: log.servedOn,
        minutes: log.minutes,
      },
    });
    if (await this.logs.insert(log, [event])) return { created: true, log };
    const raced = await this.logs.findById(id);
    if (!raced) throw new Error(`hours log ${id} neither inserted nor found`);
    return { created: false, log: same(raced, log) };
  }
}

function same(stored: HoursLog, next: HoursLog): HoursLog {
  if (!sameLog(stored, next))
    throw new DomainError(
      'conflict',
      'volunteer-hours.exists',
      `hours log ${stored.logId} of team ${stored.teamId} was submitted with other facts`,
    );
  return stored;
}

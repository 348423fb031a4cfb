import { Injectable } from '@nestjs/common';
import type { Principal } from '#anlao/auth';
import { DomainError, idFromIdempotencyKey, requestDigest } from '#anlao/platform';
import { ProviderDirectory } from '../provider-directory/provider-directory.repository.js';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import { organisationOf } from '../shared/programme-access.js';
import type { RegisterVolunteerTeamDto } from './volunteer.dto.js';
import { VolunteerTeamRepository } from './volunteer-team.repository.js';
import type { VolunteerTeam } from './volunteer-team.schema.js';
import { checkCapacityProgramme, checkTeamPlace } from './volunteer-rules.js';

export type RegisterVolunteerTeamResult = { created: boolean; team: VolunteerTeam };

/**
 * An organisation registers a volunteer team under its Idempotency-Key (201 new, 200 the same key
 * and body, 409 another body under that key). Checked against interventions' own copy of the
 * organisation's operating areas and, when named, its capacity programme.
 */
@Injectable()
export class RegisterVolunteerTeamUseCase {
  constructor(
    private readonly teams: VolunteerTeamRepository,
    private readonly directory: ProviderDirectory,
    private readonly programmes: ProgrammeRepository,
  ) {}

  async execute(
    principal: Principal,
    input: RegisterVolunteerTeamDto,
    idempotencyKey: string,
  ): Promise<RegisterVolunteerTeamResult> {
    const providerId = organisationOf(principal);
    const teamId = idFromIdempotencyKey('vt', providerId, idempotencyKey);
    const fingerprint = requestDigest([input.name, input.communityPath, input.capacityProgrammeId ?? null]);
    const first = await this.teams.findById(teamId);
    if (first) return { created: false, team: sameRequest(first, fingerprint) };
    checkTeamPlace(await this.directory.provider(providerId), input.communityPath);
    if (input.capacityProgrammeId !== undefined)
      checkCapacityProgramme(await this.programmes.findById(input.capacityProgrammeId), providerId);
    const team: VolunteerTeam = {
      _id: teamId,
      providerId,
      communityPath: input.communityPath,
      name: input.name,
      capacityProgrammeId: input.capacityProgrammeId ?? null,
      fingerprint,
      revision: 1,
    };
    if (await this.teams.insert(team)) return { created: true, team };
    // The same key raced in from another call: the first stands.
    const raced = await this.teams.findById(teamId);
    if (!raced) throw new Error(`volunteer team ${teamId} neither inserted nor found`);
    return { created: false, team: sameRequest(raced, fingerprint) };
  }
}

function sameRequest(stored: VolunteerTeam, fingerprint: string): VolunteerTeam {
  if (stored.fingerprint !== fingerprint)
    throw new DomainError(
      'conflict',
      'volunteer-team.idempotency-key-reused',
      `this Idempotency-Key already named volunteer team ${stored._id}, for another request`,
    );
  return stored;
}

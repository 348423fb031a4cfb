import { Injectable } from '@nestjs/common';
import type { Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { ResidentCopyRepository } from '#anlao/resident-copies';
import { enrollableResident } from '../members/enrol-member.usecase.js';
import { own } from '../shared/programme-access.js';
import { VolunteerRepository } from './volunteer.repository.js';
import { VolunteerTeamRepository } from './volunteer-team.repository.js';
import { MAX_VOLUNTEERS, volunteerIdOf, type Volunteer } from './volunteer.schema.js';
import { normaliseProfile, sameProfile, type VolunteerProfile } from './volunteer-rules.js';

/** `created`: a new volunteer (201); `changed`: their skills or trainings replaced (200, revision + 1). */
export type PutVolunteerResult = { created: boolean; changed: boolean; volunteer: Volunteer };

const MAX_ATTEMPTS = 5;

/**
 * A resident joins a team, or a volunteer's skills and trainings are replaced (PUT). A new
 * volunteer is a living resident of the team's place as the residents read model knows them,
 * judged exactly like a programme member. The team is capped at MAX_VOLUNTEERS.
 */
@Injectable()
export class PutVolunteerUseCase {
  constructor(
    private readonly teams: VolunteerTeamRepository,
    private readonly volunteers: VolunteerRepository,
    private readonly residents: ResidentCopyRepository,
  ) {}

  async execute(
    principal: Principal,
    teamId: string,
    residentId: string,
    input: VolunteerProfile,
  ): Promise<PutVolunteerResult> {
    const team = own(principal, await this.teams.findById(teamId), 'volunteer-team', teamId);
    const id = volunteerIdOf(teamId, residentId);
    const profile = normaliseProfile(input);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await this.volunteers.findById(id);
      if (existing) {
        if (sameProfile(existing, profile)) return { created: false, changed: false, volunteer: existing };
        if (await this.volunteers.update(id, existing.revision, profile))
          return {
            created: false,
            changed: true,
            volunteer: { ...existing, ...profile, revision: existing.revision + 1 },
          };
        continue;
      }
      // The members' rule, on the team's place: only its communityPath is read.
      const resident = enrollableResident(await this.residents.find(residentId), team);
      if ((await this.volunteers.ofTeam(teamId)).length >= MAX_VOLUNTEERS)
        throw new DomainError(
          'conflict',
          'volunteer-team.full',
          `a team takes at most ${MAX_VOLUNTEERS} volunteers`,
        );
      const volunteer: Volunteer = {
        _id: id,
        teamId,
        residentId,
        communityPath: resident.communityPath,
        ...profile,
        revision: 1,
      };
      if (await this.volunteers.insert(volunteer)) return { created: true, changed: true, volunteer };
      // Another call added them meanwhile: compare with what it stored.
    }
    throw new DomainError(
      'conflict',
      'volunteer.changed-meanwhile',
      'the volunteer kept changing meanwhile; read it and try again',
    );
  }
}

import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { orgUnitCovers, type Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { ResidentCopyRepository, type ResidentCopy } from '#anlao/resident-copies';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import type { Programme } from '../programmes/programme.schema.js';
import { assertOpen } from '../programmes/programme-rules.js';
import { own } from '../shared/programme-access.js';
import { MemberRepository } from './member.repository.js';
import { MAX_MEMBERS, memberIdOf, type Member } from './member.schema.js';

const unprocessable = (code: string, detail: string, retryable = false) =>
  new DomainError('unprocessable', code, detail, [], retryable ? { retryable: true } : {});

/** A member is a living resident of the programme's place, as interventions' read model knows them. */
export function enrollableResident(
  copy: ResidentCopy | null,
  programme: Pick<Programme, 'communityPath'>,
): ResidentCopy {
  if (copy === null) throw unprocessable('resident.unknown', 'no such resident is known here (yet)', true);
  if (!copy.alive) throw unprocessable('resident.deceased', 'the resident’s death is recorded');
  if (!orgUnitCovers(programme.communityPath, copy.communityPath))
    throw unprocessable(
      'resident.outside-area',
      'the resident lives outside the programme’s (or team’s) community',
    );
  return copy;
}

export type EnrolResult = { created: boolean; member: Member };

/**
 * Enrols a resident (PUT: 201 new, 200 already enrolled); a withdrawn member enrolled again is
 * enrolled once more, with its event. The group is capped at MAX_MEMBERS.
 */
@Injectable()
export class EnrolMemberUseCase {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly members: MemberRepository,
    private readonly residents: ResidentCopyRepository,
  ) {}

  async execute(
    principal: Principal,
    programmeId: string,
    residentId: string,
    correlationId: string,
  ): Promise<EnrolResult> {
    const programme = own(principal, await this.programmes.findById(programmeId), 'programme', programmeId);
    const id = memberIdOf(programmeId, residentId);
    const existing = await this.members.findById(id);
    if (existing?.status === 'enrolled') return { created: false, member: existing };
    assertOpen(programmeId, programme.status);
    const resident = enrollableResident(await this.residents.find(residentId), programme);
    const enrolled = (await this.members.ofProgramme(programmeId)).filter((m) => m.status === 'enrolled');
    if (enrolled.length >= MAX_MEMBERS)
      throw new DomainError('conflict', 'programme.full', `a programme takes at most ${MAX_MEMBERS} members`);
    const event = createEvent({
      type: 'member.enrolled',
      source: 'interventions',
      subject: id,
      orgUnit: resident.communityPath,
      correlationId,
      payload: {
        programmeId,
        providerId: programme.providerId,
        residentId,
        communityPath: resident.communityPath,
      },
    });
    const fields = {
      communityPath: resident.communityPath,
      status: 'enrolled' as const,
      withdrawReason: null,
    };
    if (existing) {
      if (await this.members.update(id, existing.revision, fields, [event]))
        return { created: true, member: { ...existing, ...fields, revision: existing.revision + 1 } };
    } else {
      const member: Member = { _id: id, programmeId, residentId, ...fields, revision: 1 };
      if (await this.members.insert(member, [event])) return { created: true, member };
    }
    // Another call enrolled (or withdrew) them meanwhile: answer what the store holds.
    const now = await this.members.findById(id);
    if (now?.status === 'enrolled') return { created: false, member: now };
    throw new DomainError(
      'conflict',
      'member.changed-meanwhile',
      'the membership changed meanwhile; try again',
    );
  }
}

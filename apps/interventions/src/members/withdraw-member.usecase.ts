import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import type { Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import { own } from '../shared/programme-access.js';
import { MemberRepository } from './member.repository.js';
import { memberIdOf, type Member, type WithdrawReason } from './member.schema.js';

/** A member leaves with a coded reason (once: withdrawing again answers the same member). */
@Injectable()
export class WithdrawMemberUseCase {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly members: MemberRepository,
  ) {}

  async execute(
    principal: Principal,
    programmeId: string,
    residentId: string,
    reason: WithdrawReason,
    correlationId: string,
  ): Promise<Member> {
    const programme = own(principal, await this.programmes.findById(programmeId), 'programme', programmeId);
    const id = memberIdOf(programmeId, residentId);
    const member = await this.members.findById(id);
    if (member === null)
      throw new DomainError('not-found', 'member.not-found', `no member ${residentId} in ${programmeId}`);
    if (member.status === 'withdrawn') return member;
    const event = createEvent({
      type: 'member.withdrawn',
      source: 'interventions',
      subject: id,
      orgUnit: member.communityPath,
      correlationId,
      payload: { programmeId, providerId: programme.providerId, residentId, reason },
    });
    const set = { status: 'withdrawn' as const, withdrawReason: reason };
    if (await this.members.update(id, member.revision, set, [event]))
      return { ...member, ...set, revision: member.revision + 1 };
    throw new DomainError(
      'conflict',
      'member.changed-meanwhile',
      'the membership changed meanwhile; try again',
    );
  }
}

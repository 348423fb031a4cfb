import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { CONFIG, DomainError, parseId, type ServiceConfig } from '#anlao/platform';
import { Inject } from '@nestjs/common';
import { InterventionsOutbox } from '../shared/outbox.js';
import { visible } from '../shared/programme-access.js';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { RecordSessionUseCase } from '../sessions/record-session.usecase.js';
import type { Session } from '../sessions/session.schema.js';
import { attendanceOf } from '../sessions/completion.js';
import { MemberRepository } from './member.repository.js';
import type { Member } from './member.schema.js';
import { EnrolMemberUseCase } from './enrol-member.usecase.js';
import { WithdrawMemberUseCase } from './withdraw-member.usecase.js';
import {
  MemberList,
  MemberView,
  RecordSessionDto,
  SessionList,
  SessionView,
  WithdrawMemberDto,
} from './member.dto.js';

function sessionNoOf(value: string): number {
  const n = Number(value);
  if (!/^[1-9][0-9]?$/.test(value) || n > 52)
    throw new DomainError('invalid', 'request.invalid-id', 'sessionNo must be 1-52', [
      { field: 'sessionNo', message: 'an integer 1-52' },
    ]);
  return n;
}

/** Members and sessions of a programme: resident ids, so reads are audited as personal. */
@ApiTags('programmes')
@Controller('programmes/:programmeId')
export class MembersController {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly members: MemberRepository,
    private readonly sessions: SessionRepository,
    private readonly enrol: EnrolMemberUseCase,
    private readonly withdraw: WithdrawMemberUseCase,
    private readonly record: RecordSessionUseCase,
    private readonly outbox: InterventionsOutbox,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Put('members/:residentId')
  @Access('write', 'organisation-client')
  @ApiOperation({
    summary: 'Enrol a resident: 201 new, 200 already enrolled',
    description:
      '422 `resident.unknown` (`retryable`), `resident.deceased`, `resident.outside-area`; 409 `programme.full`.',
  })
  @ApiOkResponse({ type: MemberView })
  async enrolMember(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') programmeId: string,
    @Param('residentId') residentId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MemberView> {
    const result = await this.enrol.execute(
      principal,
      parseId('programmeId', programmeId),
      parseId('residentId', residentId),
      String(req.id),
    );
    if (result.created) this.outbox.notify();
    void reply.status(result.created ? 201 : 200);
    return this.memberView(result.member);
  }

  @Post('members/:residentId/withdraw')
  @Access('write', 'organisation-client')
  @HttpCode(200)
  @ApiOkResponse({ type: MemberView })
  async withdrawMember(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') programmeId: string,
    @Param('residentId') residentId: string,
    @Body() dto: WithdrawMemberDto,
    @Req() req: FastifyRequest,
  ): Promise<MemberView> {
    const member = await this.withdraw.execute(
      principal,
      parseId('programmeId', programmeId),
      parseId('residentId', residentId),
      dto.reason,
      String(req.id),
    );
    this.outbox.notify();
    return this.memberView(member);
  }

  /** One member with what they attended so far (a re-enrolled or withdrawing member has history). */
  private async memberView(member: Member): Promise<MemberView> {
    const programme = await this.programmes.findById(member.programmeId);
    const sessions = await this.sessions.ofProgramme(member.programmeId);
    const [attendance] = attendanceOf([member.residentId], sessions, programme?.minSessionsAttended ?? 1);
    return { ...memberFields(member), ...pick(attendance) };
  }

  @Get('members')
  @Access('bulk-personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'Members with sessions attended and whether they meet the completion rule' })
  @ApiOkResponse({ type: MemberList })
  async listMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
  ): Promise<MemberList> {
    const programmeId = parseId('programmeId', id);
    const programme = visible(
      principal,
      await this.programmes.findById(programmeId),
      'programme',
      programmeId,
    );
    const members = await this.members.ofProgramme(programmeId);
    const attendance = attendanceOf(
      members.map((m) => m.residentId),
      await this.sessions.ofProgramme(programmeId),
      programme.minSessionsAttended,
    );
    return { items: members.map((m, i) => ({ ...memberFields(m), ...pick(attendance[i]) })) };
  }

  @Put('sessions/:sessionNo')
  @Access('write', 'organisation-client')
  @ApiOperation({
    summary: 'Record a held session with its attendance: 201 new, 200 the same again, 409 other facts',
    description: 'The first session starts a planned programme. Attendees must be enrolled (422).',
  })
  @ApiOkResponse({ type: SessionView })
  @ApiConflictResponse({ description: '`session.exists`, `programme.closed`' })
  async recordSession(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') programmeId: string,
    @Param('sessionNo') sessionNo: string,
    @Body() dto: RecordSessionDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionView> {
    const result = await this.record.execute(
      principal,
      parseId('programmeId', programmeId),
      sessionNoOf(sessionNo),
      dto,
      this.config.TIME_ZONE,
      String(req.id),
    );
    if (result.created) this.outbox.notify();
    void reply.status(result.created ? 201 : 200);
    return sessionView(result.session, true);
  }

  @Get('sessions')
  @Access('bulk-personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'Sessions held with attendance (process notes for the organisation only)' })
  @ApiOkResponse({ type: SessionList })
  async listSessions(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
  ): Promise<SessionList> {
    const programmeId = parseId('programmeId', id);
    visible(principal, await this.programmes.findById(programmeId), 'programme', programmeId);
    const sessions = await this.sessions.ofProgramme(programmeId);
    return { items: sessions.map((s) => sessionView(s, principal.kind === 'organisation')) };
  }
}

function memberFields(m: {
  residentId: string;
  communityPath: string;
  status: 'enrolled' | 'withdrawn';
  withdrawReason: string | null;
}) {
  return {
    residentId: m.residentId,
    communityPath: m.communityPath,
    status: m.status,
    withdrawReason: m.withdrawReason,
  };
}

function pick(a: { attended: number; completing: boolean } | undefined) {
  return { attended: a?.attended ?? 0, completing: a?.completing ?? false };
}

function sessionView(s: Session, withNotes: boolean): SessionView {
  return {
    sessionNo: s.sessionNo,
    heldOn: s.heldOn,
    topic: s.topic,
    facilitatorWorkerId: s.facilitatorWorkerId,
    attendeeIds: s.attendeeIds,
    notes: withNotes ? s.notes : null,
  };
}

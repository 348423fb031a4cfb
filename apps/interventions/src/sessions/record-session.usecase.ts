import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import type { Principal } from '#anlao/auth';
import { DomainError, localDay } from '#anlao/platform';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import { assertOpen } from '../programmes/programme-rules.js';
import { ChangeProgrammeStatusUseCase } from '../programmes/change-programme-status.usecase.js';
import { MemberRepository } from '../members/member.repository.js';
import { own } from '../shared/programme-access.js';
import { SessionRepository } from './session.repository.js';
import { sessionIdOf, type Session } from './session.schema.js';

export interface SessionInput {
  heldOn: string;
  topic: string;
  facilitatorWorkerId?: string;
  attendeeIds: string[];
  notes?: string;
}

export type RecordSessionResult = { created: boolean; session: Session };

const invalid = (field: string, message: string) =>
  new DomainError('invalid', 'request.invalid', `${field}: ${message}`, [{ field, message }]);

/**
 * Records a held session with its attendance (PUT per session number: 201 new, 200 the same
 * again, 409 other facts — the first stands). Attendees must be enrolled members. The first
 * session held starts a planned programme.
 */
@Injectable()
export class RecordSessionUseCase {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly members: MemberRepository,
    private readonly sessions: SessionRepository,
    private readonly status: ChangeProgrammeStatusUseCase,
  ) {}

  async execute(
    principal: Principal,
    programmeId: string,
    sessionNo: number,
    input: SessionInput,
    timeZone: string,
    correlationId: string,
  ): Promise<RecordSessionResult> {
    const programme = own(principal, await this.programmes.findById(programmeId), 'programme', programmeId);
    const id = sessionIdOf(programmeId, sessionNo);
    const session: Session = {
      _id: id,
      programmeId,
      sessionNo,
      heldOn: input.heldOn,
      topic: input.topic,
      facilitatorWorkerId: input.facilitatorWorkerId ?? programme.facilitatorWorkerId,
      attendeeIds: [...new Set(input.attendeeIds)].sort(),
      notes: input.notes ?? null,
    };
    const first = await this.sessions.findById(id);
    if (first) return { created: false, session: sameSession(first, session) };
    assertOpen(programmeId, programme.status);
    if (sessionNo > programme.plannedSessions)
      throw invalid('sessionNo', `at most ${programme.plannedSessions} (planned)`);
    if (input.heldOn > localDay(new Date(), timeZone)) throw invalid('heldOn', 'not in the future');
    const enrolled = new Set(
      (await this.members.ofProgramme(programmeId))
        .filter((m) => m.status === 'enrolled')
        .map((m) => m.residentId),
    );
    const strangers = session.attendeeIds.filter((r) => !enrolled.has(r));
    if (strangers.length > 0)
      throw new DomainError(
        'unprocessable',
        'session.attendee-not-member',
        `${strangers.length} attendee(s) are not enrolled members`,
        strangers.map((r) => ({ field: 'attendeeIds', message: `${r} is not an enrolled member` })),
      );
    const event = createEvent({
      type: 'session.held',
      source: 'interventions',
      subject: id,
      orgUnit: programme.communityPath,
      correlationId,
      payload: {
        programmeId,
        providerId: programme.providerId,
        sessionNo,
        heldOn: session.heldOn,
        facilitatorWorkerId: session.facilitatorWorkerId,
        attendeeIds: session.attendeeIds,
        enrolled: enrolled.size,
      },
    });
    if (!(await this.sessions.insert(session, [event]))) {
      const raced = await this.sessions.findById(id);
      if (!raced) throw new Error(`session ${id} neither inserted nor found`);
      return { created: false, session: sameSession(raced, session) };
    }
    if (programme.status === 'planned')
      await this.status.execute(null, programmeId, 'running', correlationId);
    return { created: true, session };
  }
}

function sameSession(stored: Session, next: Session): Session {
  const same =
    stored.heldOn === next.heldOn &&
    stored.topic === next.topic &&
    stored.facilitatorWorkerId === next.facilitatorWorkerId &&
    stored.notes === next.notes &&
    JSON.stringify(stored.attendeeIds) === JSON.stringify(next.attendeeIds);
  if (!same)
    throw new DomainError(
      'conflict',
      'session.exists',
      `session ${stored.sessionNo} of programme ${stored.programmeId} was recorded with other facts`,
    );
  return stored;
}

import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import type { Principal } from '#anlao/auth';
import { DomainError, localDay, requestDigest } from '#anlao/platform';
import { findShippedInstrument, scoreAnswers } from '../instruments/index.js';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import { MemberRepository } from '../members/member.repository.js';
import { memberIdOf } from '../members/member.schema.js';
import { own } from '../shared/programme-access.js';
import { AssessmentRepository } from './assessment.repository.js';
import { assessmentIdOf, type Assessment, type Phase } from './assessment.schema.js';

export type RecordAssessmentResult = { created: boolean; assessment: Assessment };

/**
 * Records a member's pre or post answers to the programme's instrument (PUT: 201 new, 200 the
 * same again, 409 other answers — the first stands). Every problem of an incomplete or wrong
 * answer set is named (400). A post without a pre is stored; the report leaves it out of the
 * paired figures and says so.
 */
@Injectable()
export class RecordAssessmentUseCase {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly members: MemberRepository,
    private readonly assessments: AssessmentRepository,
  ) {}

  async execute(
    principal: Principal,
    target: { programmeId: string; residentId: string; phase: Phase },
    input: { assessedOn: string; answers: Record<string, unknown> },
    timeZone: string,
    correlationId: string,
  ): Promise<RecordAssessmentResult> {
    const { programmeId, residentId, phase } = target;
    const programme = own(principal, await this.programmes.findById(programmeId), 'programme', programmeId);
    const id = assessmentIdOf(programmeId, residentId, phase);
    const fingerprint = requestDigest([
      input.assessedOn,
      Object.entries(input.answers).sort(([a], [b]) => a.localeCompare(b)),
    ]);
    const first = await this.assessments.findById(id);
    if (first) return { created: false, assessment: same(first, fingerprint) };
    if (programme.status === 'cancelled')
      throw new DomainError('conflict', 'programme.closed', `programme ${programmeId} is cancelled`, [], {
        currentState: programme.status,
      });
    if ((await this.members.findById(memberIdOf(programmeId, residentId))) === null)
      throw new DomainError('not-found', 'member.not-found', `no member ${residentId} in ${programmeId}`);
    if (input.assessedOn > localDay(new Date(), timeZone))
      throw new DomainError('invalid', 'request.invalid', 'assessedOn is in the future', [
        { field: 'assessedOn', message: 'not in the future' },
      ]);
    const instrument = findShippedInstrument(programme.instrument);
    if (!instrument) throw new Error(`programme ${programmeId} names an unknown instrument`);
    const scored = scoreAnswers(instrument, input.answers);
    if (!scored.ok)
      throw new DomainError(
        'invalid',
        'assessment.invalid-answers',
        `${scored.problems.length} problem(s) in the answers to ${programme.instrument}`,
        scored.problems.map((p) => ({ field: `answers.${p.item}`, message: p.problem })),
      );
    const assessment: Assessment = {
      _id: id,
      programmeId,
      residentId,
      phase,
      instrument: programme.instrument,
      assessedOn: input.assessedOn,
      answers: input.answers,
      dimensions: scored.dimensions,
      categorical: scored.categorical,
      fingerprint,
    };
    const event = createEvent({
      type: 'assessment.recorded',
      source: 'interventions',
      subject: id,
      orgUnit: programme.communityPath,
      correlationId,
      payload: {
        programmeId,
        providerId: programme.providerId,
        residentId,
        phase,
        instrument: programme.instrument,
        assessedOn: input.assessedOn,
      },
    });
    if (await this.assessments.insert(assessment, [event])) return { created: true, assessment };
    const raced = await this.assessments.findById(id);
    if (!raced) throw new Error(`assessment ${id} neither inserted nor found`);
    return { created: false, assessment: same(raced, fingerprint) };
  }
}

function same(stored: Assessment, fingerprint: string): Assessment {
  if (stored.fingerprint !== fingerprint)
    throw new DomainError(
      'conflict',
      'assessment.exists',
      `the ${stored.phase} assessment of ${stored.residentId} was recorded with other answers`,
    );
  return stored;
}

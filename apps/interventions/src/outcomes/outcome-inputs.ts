import { Injectable } from '@nestjs/common';
import { findShippedInstrument } from '../instruments/index.js';
import { MemberRepository } from '../members/member.repository.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { AssessmentRepository } from '../assessments/assessment.repository.js';
import type { Programme } from '../programmes/programme.schema.js';
import { buildOutcomeReport, type OutcomeReport } from './outcome-report.js';

/** Reads a programme's members, sessions and assessments (each by its programmeId index) into its report. */
@Injectable()
export class OutcomeReports {
  constructor(
    private readonly members: MemberRepository,
    private readonly sessions: SessionRepository,
    private readonly assessments: AssessmentRepository,
  ) {}

  async of(programme: Programme): Promise<OutcomeReport> {
    const instrument = findShippedInstrument(programme.instrument);
    if (!instrument) throw new Error(`programme ${programme._id} names an unknown instrument`);
    const [members, sessions, assessments] = await Promise.all([
      this.members.ofProgramme(programme._id),
      this.sessions.ofProgramme(programme._id),
      this.assessments.ofProgramme(programme._id),
    ]);
    return buildOutcomeReport({ programme, instrument, members, sessions, assessments });
  }
}

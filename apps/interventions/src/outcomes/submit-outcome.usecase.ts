import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createEvent } from '#anlao/events';
import type { Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { insertAggregate, updateAggregate, type OutboxFields } from '#anlao/messaging';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import { own } from '../shared/programme-access.js';
import { OutcomeReports } from './outcome-inputs.js';
import { contentHashOf, outcomeFigures } from './outcome-figures.js';
import { Outcome } from './outcome.schema.js';

export type SubmitOutcomeResult = { published: boolean; outcome: Outcome };

/**
 * The organisation submits a completed programme's outcome: the report's aggregate figures go out
 * as `outcome.submitted`. Submitting the same figures again publishes nothing; figures that
 * changed since (a late post assessment) are published again, replacing the stored outcome.
 */
@Injectable()
export class SubmitOutcomeUseCase {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly reports: OutcomeReports,
    @InjectModel(Outcome.name) private readonly outcomes: Model<Outcome & OutboxFields>,
  ) {}

  async execute(
    principal: Principal,
    programmeId: string,
    correlationId: string,
  ): Promise<SubmitOutcomeResult> {
    const programme = own(principal, await this.programmes.findById(programmeId), 'programme', programmeId);
    if (programme.status !== 'completed')
      throw new DomainError(
        'conflict',
        'programme.not-completed',
        `programme ${programmeId} is ${programme.status}: complete it before submitting its outcome`,
        [],
        { currentState: programme.status },
      );
    const figures = outcomeFigures(await this.reports.of(programme), programme);
    const contentHash = contentHashOf(figures);
    const event = createEvent({
      type: 'outcome.submitted',
      source: 'interventions',
      subject: programmeId,
      orgUnit: programme.communityPath,
      correlationId,
      payload: figures,
    });
    const stored = await this.outcomes.findById(programmeId).lean<Outcome>().exec();
    if (stored?.contentHash === contentHash) return { published: false, outcome: stored };
    const outcome: Outcome = {
      _id: programmeId,
      figures,
      contentHash,
      submittedAt: new Date(),
      revision: (stored?.revision ?? 0) + 1,
    };
    const written =
      stored === null
        ? await insertAggregate(this.outcomes, outcome, [event])
        : await updateAggregate(
            this.outcomes,
            programmeId,
            stored.revision,
            { figures, contentHash, submittedAt: outcome.submittedAt },
            [event],
          );
    if (written) return { published: true, outcome };
    throw new DomainError(
      'conflict',
      'outcome.changed-meanwhile',
      'the outcome was submitted meanwhile; read it again',
    );
  }
}

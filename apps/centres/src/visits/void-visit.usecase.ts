import { Injectable } from '@nestjs/common';
import { createEvent, type VisitVoidReason } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, assertVisible, type Principal } from '#anlao/auth';
import { asScoped, CentreRepository } from '../centres/centre.repository.js';
import { VisitRepository, type StoredVisitFacts } from './visit.repository.js';
import { VisitsOutbox } from './visits-outbox.js';

export interface VoidVisitCommand {
  centreId: string;
  visitId: string;
  reason: VisitVoidReason;
  note: string | null;
}

export type VoidVisitResult = { status: 'voided' | 'already-voided'; visit: StoredVisitFacts };

/**
 * Staff of the centre's unit correct a visit that should not count: it stays stored (its id stays
 * taken, so a resubmission is still a duplicate) and `visit.voided` tells every projection to
 * subtract it. Voiding twice is harmless: the first void stands and no second event is written.
 */
@Injectable()
export class VoidVisitUseCase {
  constructor(
    private readonly centres: CentreRepository,
    private readonly visits: VisitRepository,
    private readonly outbox: VisitsOutbox,
  ) {}

  async execute(
    principal: Principal,
    command: VoidVisitCommand,
    correlationId: string,
    now = new Date(),
  ): Promise<VoidVisitResult> {
    const centre = assertVisible(principal, asScoped(await this.centres.findById(command.centreId)), {
      code: 'centre.not-found',
      detail: `no centre ${command.centreId}`,
    });
    assertMayWriteIn(principal, centre.communityPath);
    const _id = `${command.centreId}:${command.visitId}`;
    for (;;) {
      const stored = await this.visits.findForVoid(_id);
      if (!stored)
        throw new DomainError('not-found', 'visit.not-found', `no visit ${command.visitId} at this centre`);
      if (stored.voidedAt) return { status: 'already-voided', visit: stored };
      // Its `visit.voided` must not overtake the `visit.recorded` still in its request's intent.
      if (!(await this.outbox.recordingPublished(stored.batchId)))
        throw new DomainError(
          'unavailable',
          'visit.publishing',
          'the visit is still being published; retry in a moment',
          [],
          { retryable: true },
        );
      const event = createEvent({
        type: 'visit.voided',
        source: 'centres',
        subject: _id,
        orgUnit: centre.communityPath,
        correlationId,
        payload: {
          visitId: stored.visitId,
          centreId: command.centreId,
          residentId: stored.residentId,
          activity: stored.activity,
          checkInAt: stored.checkInAt.toISOString(),
          reason: command.reason,
        },
      });
      const fields = {
        voidedAt: now,
        voidReason: command.reason,
        voidNote: command.note,
        voidedBy: principal.subject,
      };
      if (await this.visits.markVoided(_id, fields, event))
        return { status: 'voided', visit: { ...stored, ...fields } };
      // Voided by another request between our read and write: answer what it stored.
    }
  }
}

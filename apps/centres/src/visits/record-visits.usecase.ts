import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { withEvents } from '#anlao/messaging';
import { DomainError } from '#anlao/platform';
import { assertVisible, type Principal } from '#anlao/auth';
import { asScoped, CentreRepository } from '../centres/centre.repository.js';
import { checkVisitBatch, type ReportedVisit } from './visit-rules.js';
import { VisitRepository, type VisitWrite } from './visit.repository.js';
import type { RecordVisitsResponse, VisitResult } from './visit.dto.js';

@Injectable()
export class RecordVisitsUseCase {
  constructor(
    private readonly centres: CentreRepository,
    private readonly visits: VisitRepository,
  ) {}

  /**
   * Stores a batch of visits reported by a centre, each with its `visit.recorded`
   * event. Idempotent: a visit id already stored with the same facts is a
   * `duplicate`, with other facts a `conflict` (the stored one stands).
   */
  async execute(
    principal: Principal,
    centreId: string,
    reported: ReportedVisit[],
    correlationId: string,
    now = new Date(),
  ): Promise<RecordVisitsResponse> {
    // A centre reports its own visits only; any other centre reads as unknown.
    const centre = assertVisible(principal, asScoped(await this.centres.findById(centreId)), {
      code: 'centre.not-found',
      detail: `no centre ${centreId}`,
    });
    const checked = checkVisitBatch(reported, now);
    if (!checked.ok) {
      throw new DomainError(
        'invalid',
        'visit.invalid',
        `${checked.problems.length} invalid visit field(s)`,
        checked.problems,
      );
    }

    const documents: VisitWrite[] = checked.visits.map((v) => {
      const _id = `${centreId}:${v.visitId}`;
      const event = createEvent({
        type: 'visit.recorded',
        source: 'centres',
        subject: _id,
        orgUnit: centre.communityPath,
        correlationId,
        payload: {
          visitId: v.visitId,
          centreId,
          residentId: v.residentId,
          activity: v.activity,
          checkInAt: v.checkInAt.toISOString(),
          checkOutAt: v.checkOutAt?.toISOString() ?? null,
        },
      });
      return { _id, centreId, ...v, ...withEvents([event]) };
    });

    const existed = await this.visits.insertNew(documents);
    const stored =
      existed.size > 0 ? await this.visits.fingerprints([...existed]) : new Map<string, string>();
    const results: VisitResult[] = documents.map((d) => {
      if (!existed.has(d._id)) return { visitId: d.visitId, status: 'recorded' };
      return { visitId: d.visitId, status: stored.get(d._id) === d.fingerprint ? 'duplicate' : 'conflict' };
    });
    return {
      results,
      recorded: results.filter((r) => r.status === 'recorded').length,
      duplicates: results.filter((r) => r.status === 'duplicate').length,
      conflicts: results.filter((r) => r.status === 'conflict').length,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { inParallel, KeyedQueue } from '#anlao/platform';
import { checkOutDecision, type VisitRulesContext } from './visit-rules.js';
import { VisitRepository } from './visit.repository.js';
import { VisitsOutbox } from './visits-outbox.js';
import type { VisitResult } from './visit.dto.js';

/** Check-outs in flight at once: well under the store's connection pool. */
const CONCURRENCY = 8;

export interface CheckOut {
  visitId: string;
  checkOutAt: Date;
}

/** Closes open visits of a centre by the centre's visit id, each with its `visit.checked-out`. */
@Injectable()
export class CheckOutVisitsUseCase {
  /**
   * Read, decide and close one visit at a time: the store applies a conditional update by
   * read-then-write (ADR 0017), so two overlapping check-outs could both match `checkOutAt: null`.
   */
  private readonly serial = new KeyedQueue();

  constructor(
    private readonly visits: VisitRepository,
    private readonly outbox: VisitsOutbox,
  ) {}

  async execute(
    centreId: string,
    checkOuts: CheckOut[],
    ctx: VisitRulesContext & { orgUnit: string; correlationId: string },
  ): Promise<VisitResult[]> {
    return inParallel(checkOuts, CONCURRENCY, (c) =>
      this.serial.run(`${centreId}:${c.visitId}`, () => this.one(centreId, c, ctx)),
    );
  }

  private async one(
    centreId: string,
    { visitId, checkOutAt }: CheckOut,
    ctx: VisitRulesContext & { orgUnit: string; correlationId: string },
  ): Promise<VisitResult> {
    const _id = `${centreId}:${visitId}`;
    for (;;) {
      const stored = await this.visits.findStay(_id);
      const decision = checkOutDecision(stored, checkOutAt, ctx);
      if ('rejection' in decision) return { visitId, status: 'rejected', ...decision.rejection };
      if ('status' in decision) return { visitId, status: decision.status };
      if (!stored) throw new Error('unreachable: a close needs a stored visit');
      // Its `visit.checked-out` must not overtake the `visit.recorded` still in its request's intent.
      if (!(await this.outbox.recordingPublished(stored.batchId)))
        return {
          visitId,
          status: 'rejected',
          code: 'visit.publishing',
          reason: 'the check-in of this visit is still being published; retry in a moment',
          retryable: true,
        };
      const event = createEvent({
        type: 'visit.checked-out',
        source: 'centres',
        subject: _id,
        orgUnit: ctx.orgUnit,
        correlationId: ctx.correlationId,
        payload: {
          visitId,
          centreId,
          residentId: stored.residentId,
          checkInAt: stored.checkInAt.toISOString(),
          checkOutAt: checkOutAt.toISOString(),
        },
      });
      if (await this.visits.close(_id, checkOutAt, event)) return { visitId, status: 'recorded' };
      // Closed by another writer between our read and write: decide again against what it stored.
    }
  }
}

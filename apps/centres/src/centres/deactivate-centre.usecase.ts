import { Injectable } from '@nestjs/common';
import { createEvent, type CentreDeactivationReason } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, assertVisible, type Principal } from '#anlao/auth';
import { asScoped, CentreRepository, type CentreRecord } from './centre.repository.js';
import { isActive } from './centre-facts.js';
import { MAX_ATTEMPTS } from './update-centre.usecase.js';

export type DeactivateCentreResult = { deactivatedNow: boolean; centre: CentreRecord };

/**
 * Staff of the centre's unit stop a centre: it keeps its record and visits but reports no
 * more visits and takes no more changes. The status and `centre.deactivated` are one document
 * write. Deactivating again is harmless: the first deactivation (and its reason) stands and no
 * second event is written.
 */
@Injectable()
export class DeactivateCentreUseCase {
  constructor(private readonly centres: CentreRepository) {}

  async execute(
    principal: Principal,
    centreId: string,
    reason: CentreDeactivationReason,
    correlationId: string,
    now = new Date(),
  ): Promise<DeactivateCentreResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = assertVisible(principal, asScoped(await this.centres.findById(centreId)), {
        code: 'centre.not-found',
        detail: `no centre ${centreId}`,
      });
      assertMayWriteIn(principal, current.communityPath);
      if (!isActive(current)) return { deactivatedNow: false, centre: current };
      const event = createEvent({
        type: 'centre.deactivated',
        source: 'centres',
        subject: centreId,
        orgUnit: current.communityPath,
        correlationId,
        payload: { centreId, communityPath: current.communityPath, reason },
      });
      const set = { status: 'inactive' as const, deactivatedAt: now, deactivationReason: reason };
      const revision = current.revision ?? 0;
      // Conditional on the revision: a PATCH landing first makes this one read again; one landing
      // after finds the centre inactive and is refused, so no change slips in after the event.
      if (await this.centres.update(centreId, revision, set, [event]))
        return { deactivatedNow: true, centre: { ...current, ...set, revision: revision + 1 } };
    }
    throw new DomainError(
      'conflict',
      'centre.changed-meanwhile',
      `centre ${centreId} kept changing while it was deactivated; try again`,
    );
  }
}

import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, assertVisible, type Principal } from '#anlao/auth';
import { asScoped, CentreRepository, type CentreRecord } from './centre.repository.js';
import {
  applyPatch,
  assertActive,
  changedFacts,
  changesPayload,
  factsOf,
  updatedPayload,
  type CentrePatch,
} from './centre-facts.js';

/** Reads and decisions again when another change got in between; beyond this the caller retries. */
export const MAX_ATTEMPTS = 5;

export type UpdateCentreResult = { changed: boolean; published: boolean; centre: CentreRecord };

/**
 * Staff of the centre's unit change any of its facts. The change and its `centre.updated`
 * snapshot are one document write (outbox). Conditional on the revision read: two overlapping
 * PATCHes are applied one after the other, the second decided against the first's result, so
 * neither loses the other's field and each snapshot is the whole truth at its moment. A change
 * of a fact the event does not carry (name, hours, location) is stored without an event.
 */
@Injectable()
export class UpdateCentreUseCase {
  constructor(private readonly centres: CentreRepository) {}

  async execute(
    principal: Principal,
    centreId: string,
    patch: CentrePatch,
    correlationId: string,
  ): Promise<UpdateCentreResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = assertVisible(principal, asScoped(await this.centres.findById(centreId)), {
        code: 'centre.not-found',
        detail: `no centre ${centreId}`,
      });
      assertMayWriteIn(principal, current.communityPath);
      // A move needs the right to write in the new place too (the place is not secret: 403).
      if (patch.communityPath !== undefined) assertMayWriteIn(principal, patch.communityPath);
      assertActive(current);
      const before = factsOf(current);
      const after = applyPatch(before, patch);
      const set = changedFacts(before, after);
      if (Object.keys(set).length === 0) return { changed: false, published: false, centre: current };
      const published = changesPayload(before, after);
      const events = published
        ? [
            createEvent({
              type: 'centre.updated',
              source: 'centres',
              subject: centreId,
              orgUnit: after.communityPath,
              correlationId,
              payload: updatedPayload(centreId, after),
            }),
          ]
        : [];
      const revision = current.revision ?? 0;
      if (await this.centres.update(centreId, revision, set, events))
        return { changed: true, published, centre: { ...current, ...after, revision: revision + 1 } };
    }
    throw new DomainError(
      'conflict',
      'centre.changed-meanwhile',
      `centre ${centreId} kept changing while this change was applied; read it and try again`,
    );
  }
}

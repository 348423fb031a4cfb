import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, type Principal } from '#anlao/auth';
import { ProviderRepository } from './provider.repository.js';
import type { Provider } from './provider.schema.js';
import {
  applyProviderPatch,
  changedProviderFacts,
  factsOfProvider,
  providerPayload,
  publishesChange,
  type ProviderPatch,
} from './provider-facts.js';
import { assertMayPlaceProvider, visibleProvider } from './provider-access.js';

/** Reads and decisions again when another change got in between; beyond this the caller retries. */
export const MAX_ATTEMPTS = 5;

export type UpdateProviderResult = { published: boolean; provider: Provider };

/**
 * Staff of the provider's registering unit change any of its details. A change of the coded
 * facts (unit, areas) and its `provider.updated` snapshot are one document write; a change of
 * name, credit code or contact is stored without an event. Conditional on the revision read.
 */
@Injectable()
export class UpdateProviderUseCase {
  constructor(private readonly providers: ProviderRepository) {}

  async execute(
    principal: Principal,
    providerId: string,
    patch: ProviderPatch,
    correlationId: string,
  ): Promise<UpdateProviderResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = visibleProvider(principal, await this.providers.findById(providerId), providerId);
      assertMayWriteIn(principal, current.registeredOrgUnit);
      const before = factsOfProvider(current);
      const after = applyProviderPatch(before, patch);
      assertMayPlaceProvider(principal, after);
      const set = changedProviderFacts(before, after);
      if (Object.keys(set).length === 0) return { published: false, provider: current };
      const published = publishesChange(set);
      const events = published
        ? [
            createEvent({
              type: 'provider.updated',
              source: 'purchased-services',
              subject: providerId,
              orgUnit: after.registeredOrgUnit,
              correlationId,
              payload: providerPayload(providerId, after),
            }),
          ]
        : [];
      if (await this.providers.update(providerId, current.revision, set, events))
        return { published, provider: { ...current, ...after, revision: current.revision + 1 } };
    }
    throw new DomainError(
      'conflict',
      'provider.changed-meanwhile',
      `provider ${providerId} kept changing while this change was applied; read it and try again`,
    );
  }
}

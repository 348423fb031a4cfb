import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import type { Principal } from '#anlao/auth';
import { creditCodeTaken, ProviderRepository } from './provider.repository.js';
import type { Provider } from './provider.schema.js';
import {
  changedProviderFacts,
  factsOfProvider,
  normalizeProvider,
  providerPayload,
  type ProviderFacts,
} from './provider-facts.js';
import { assertMayPlaceProvider, visibleProvider } from './provider-access.js';

export type RegisterProviderResult = { status: 'registered' | 'unchanged'; provider: Provider };

/**
 * Registers a provider under the id the city gives it. The same registration again is a
 * no-op (200), other details a conflict (409): changes go through PATCH.
 */
@Injectable()
export class RegisterProviderUseCase {
  constructor(private readonly providers: ProviderRepository) {}

  async execute(
    principal: Principal,
    providerId: string,
    input: ProviderFacts,
    correlationId: string,
  ): Promise<RegisterProviderResult> {
    const facts = normalizeProvider(input);
    assertMayPlaceProvider(principal, facts);
    const provider: Provider = { _id: providerId, ...facts, revision: 1 };
    const event = createEvent({
      type: 'provider.registered',
      source: 'purchased-services',
      subject: providerId,
      orgUnit: facts.registeredOrgUnit,
      correlationId,
      payload: providerPayload(providerId, facts),
    });
    const outcome = await this.providers.insert(provider, [event]);
    if (outcome === 'inserted') return { status: 'registered', provider };
    if (outcome === 'credit-code-taken') throw creditCodeTaken();
    const existing = visibleProvider(principal, await this.providers.findById(providerId), providerId);
    if (Object.keys(changedProviderFacts(factsOfProvider(existing), facts)).length === 0)
      return { status: 'unchanged', provider: existing };
    throw new DomainError(
      'conflict',
      'provider.exists',
      `provider ${providerId} is already registered with other details`,
    );
  }
}

import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup } from '#anlao/messaging';
import { ProviderDirectory } from './provider-directory.repository.js';

export const PROVIDER_DIRECTORY_GROUP = 'interventions.provider-directory';
const group = inGroup(PROVIDER_DIRECTORY_GROUP);

/**
 * Keeps interventions' copy of providers, their workers and contracts from purchased-services'
 * events (never by calling it): a programme is checked against its provider's areas, its
 * facilitator and its contract. Each event carries the whole coded snapshot of its subject.
 */
@Controller()
export class ProviderDirectoryConsumer {
  constructor(private readonly directory: ProviderDirectory) {}

  @EventPattern<EventType>('provider.registered', group)
  registered(@Payload() event: EventEnvelope<'provider.registered'>): Promise<void> {
    return this.directory.putProvider(event.payload.providerId, event.payload.operatingAreas);
  }

  @EventPattern<EventType>('provider.updated', group)
  updated(@Payload() event: EventEnvelope<'provider.updated'>): Promise<void> {
    return this.directory.putProvider(event.payload.providerId, event.payload.operatingAreas);
  }

  @EventPattern<EventType>('provider.worker-changed', group)
  worker(@Payload() event: EventEnvelope<'provider.worker-changed'>): Promise<void> {
    const p = event.payload;
    return this.directory.putWorker(p.providerId, p.workerId, p.active, p.licence);
  }

  @EventPattern<EventType>('contract.signed', group)
  signed(@Payload() event: EventEnvelope<'contract.signed'>): Promise<void> {
    return this.putContract(event.payload, 'active');
  }

  @EventPattern<EventType>('contract.amended', group)
  amended(@Payload() event: EventEnvelope<'contract.amended'>): Promise<void> {
    return this.putContract(event.payload, 'active');
  }

  @EventPattern<EventType>('contract.closed', group)
  closed(@Payload() event: EventEnvelope<'contract.closed'>): Promise<void> {
    return this.putContract(event.payload, 'closed');
  }

  private putContract(
    terms: { contractId: string; providerId: string; areas: string[] },
    status: 'active' | 'closed',
  ): Promise<void> {
    return this.directory.putContract({
      _id: terms.contractId,
      providerId: terms.providerId,
      areas: terms.areas,
      status,
    });
  }
}

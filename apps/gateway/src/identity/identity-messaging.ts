import { Controller, type OnApplicationBootstrap } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, MessagingRuntime } from '#anlao/messaging';
import { CredentialsRepository } from './credentials.repository.js';

/** Publishes revocations from account and client outboxes; keeps the centre directory. */
@Controller()
export class IdentityMessaging implements OnApplicationBootstrap {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly credentials: CredentialsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.runtime.startRelay([this.credentials.staff, this.credentials.clients]);
  }

  @EventPattern<EventType>('centre.registered', inGroup('gateway.centre-directory'))
  async centreRegistered(@Payload() event: EventEnvelope<'centre.registered'>): Promise<void> {
    await this.credentials.upsertCentre(event.payload.centreId, event.payload.communityPath);
  }
}

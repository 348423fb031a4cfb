import { Controller, type OnApplicationBootstrap } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, MessagingRuntime } from '#anlao/messaging';
import { CredentialsRepository } from './credentials.repository.js';
import { CENTRE_DIRECTORY_GROUP } from './centre-directory.schema.js';

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

  @EventPattern<EventType>('centre.registered', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreRegistered(@Payload() event: EventEnvelope<'centre.registered'>): Promise<void> {
    await this.credentials.upsertCentre(event.payload.centreId, {
      communityPath: event.payload.communityPath,
    });
  }

  @EventPattern<EventType>('centre.updated', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreUpdated(@Payload() event: EventEnvelope<'centre.updated'>): Promise<void> {
    await this.credentials.upsertCentre(event.payload.centreId, {
      communityPath: event.payload.communityPath,
    });
  }

  /**
   * A closed centre reports nothing more: no new client (the directory says inactive) and its
   * clients are revoked, so the tokens they hold stop working at once (`credentials.revoked`, with
   * the deactivation's correlation id; the staff action itself is audited by centres). A redelivery
   * finds them revoked already.
   */
  @EventPattern<EventType>('centre.deactivated', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreDeactivated(@Payload() event: EventEnvelope<'centre.deactivated'>): Promise<void> {
    await this.credentials.upsertCentre(event.payload.centreId, {
      communityPath: event.payload.communityPath,
      status: 'inactive',
    });
    for (const client of await this.credentials.activeCentreClients(event.payload.centreId))
      await this.credentials.revoke(
        'api-client',
        client._id,
        client.orgUnit,
        'revoked',
        event.correlationId,
        {
          status: 'revoked',
        },
      );
  }
}

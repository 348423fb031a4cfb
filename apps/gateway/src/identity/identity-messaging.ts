import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics } from '#anlao/events';
import { MessagingRuntime } from '#anlao/messaging';
import { CredentialsRepository } from './credentials.repository.js';

/** Publishes revocations from account and client outboxes; keeps the centre directory. */
@Injectable()
export class IdentityMessaging implements OnApplicationBootstrap {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly credentials: CredentialsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.runtime.startRelay([this.credentials.staff, this.credentials.clients]);
    await this.runtime.startConsumer({
      groupId: 'gateway.centre-directory',
      topics: [Topics.centres],
      handlers: {
        'centre.registered': (event) =>
          this.credentials.upsertCentre(event.payload.centreId, event.payload.communityPath),
      },
    });
  }
}

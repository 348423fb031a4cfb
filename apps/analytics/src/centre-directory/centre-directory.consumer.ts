import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup } from '#anlao/messaging';
import { CentreDirectoryRepository } from './centre-directory.repository.js';

export const CENTRE_DIRECTORY_GROUP = 'analytics.centre-directory';

/** Keeps which community each centre serves: the scope of its visit counts. */
@Controller()
export class CentreDirectoryConsumer {
  constructor(private readonly directory: CentreDirectoryRepository) {}

  @EventPattern<EventType>('centre.registered', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreRegistered(@Payload() event: EventEnvelope<'centre.registered'>): Promise<void> {
    const { centreId, communityPath, kind, capacity, operatorId } = event.payload;
    await this.directory.upsert(centreId, {
      communityPath,
      kind,
      capacity,
      operatorId: operatorId ?? null,
      status: 'active',
    });
  }

  @EventPattern<EventType>('centre.updated', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreUpdated(@Payload() event: EventEnvelope<'centre.updated'>): Promise<void> {
    const { centreId, communityPath, kind, capacity, operatorId } = event.payload;
    await this.directory.upsert(centreId, { communityPath, kind, capacity, operatorId });
  }

  @EventPattern<EventType>('centre.deactivated', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreDeactivated(@Payload() event: EventEnvelope<'centre.deactivated'>): Promise<void> {
    const { centreId, communityPath } = event.payload;
    await this.directory.upsert(centreId, { communityPath, status: 'inactive' });
  }
}

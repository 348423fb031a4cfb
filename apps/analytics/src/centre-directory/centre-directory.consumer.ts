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
    await this.directory.upsert(event.payload.centreId, event.payload.communityPath);
  }
}

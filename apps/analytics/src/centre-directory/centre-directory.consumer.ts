import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics } from '#anlao/events';
import { MessagingRuntime } from '#anlao/messaging';
import { CentreDirectoryRepository } from './centre-directory.repository.js';

export const CENTRE_DIRECTORY_GROUP = 'analytics.centre-directory';

@Injectable()
export class CentreDirectoryConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly directory: CentreDirectoryRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.startConsumer({
      groupId: CENTRE_DIRECTORY_GROUP,
      topics: [Topics.centres],
      handlers: {
        'centre.registered': (event) =>
          this.directory.upsert(event.payload.centreId, event.payload.communityPath),
      },
    });
  }
}

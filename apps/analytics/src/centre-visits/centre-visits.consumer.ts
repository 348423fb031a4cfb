import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics } from '#anlao/events';
import { MessagingRuntime } from '#anlao/messaging';
import { CountVisitUseCase } from './count-visit.usecase.js';

export const CENTRE_VISITS_GROUP = 'analytics.centre-visits';

/** Feeds the daily visit projection from the centres topic. */
@Injectable()
export class CentreVisitsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly countVisit: CountVisitUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.startConsumer({
      groupId: CENTRE_VISITS_GROUP,
      topics: [Topics.centres],
      handlers: {
        'visit.recorded': async (event, { logger }) => {
          const counted = await this.countVisit.execute(event);
          if (!counted) logger.debug('visit already counted');
        },
      },
    });
  }
}

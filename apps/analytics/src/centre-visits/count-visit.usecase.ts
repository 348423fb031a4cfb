import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '#anlao/events';
import { CONFIG, localDay, type ServiceConfig } from '#anlao/platform';
import { DailyCentreVisitsRepository } from './daily-visit-count.repository.js';

@Injectable()
export class CountVisitUseCase {
  constructor(
    private readonly counts: DailyCentreVisitsRepository,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** A visit counts on the city-local day of its check-in. */
  async execute(event: EventEnvelope<'visit.recorded'>): Promise<boolean> {
    const { centreId, checkInAt } = event.payload;
    return this.counts.countOnce(
      { centreId, day: localDay(checkInAt, this.config.TIME_ZONE), orgUnit: event.orgUnit },
      event.id,
    );
  }
}

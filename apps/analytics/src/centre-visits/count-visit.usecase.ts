import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '#anlao/events';
import { CONFIG, inParallel, localDay, type ServiceConfig } from '#anlao/platform';
import { DailyCentreVisitsRepository } from './daily-visit-count.repository.js';
import { foldVisitsByDay, type CountedVisitEvent } from './fold-visits.js';

/** Day documents written at once: distinct keys, so no two writes touch one document. */
const KEY_CONCURRENCY = 4;

@Injectable()
export class CountVisitUseCase {
  constructor(
    private readonly counts: DailyCentreVisitsRepository,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** A visit counts on the city-local day of its check-in. */
  async execute(event: EventEnvelope<'visit.recorded'>): Promise<boolean> {
    return (await this.executeMany([event])).counted === 1;
  }

  /**
   * One write per centre-day for a whole consumer batch; each event still counts once. A run
   * holds one event type (the consumer never mixes them), so the whole run adds or subtracts.
   */
  async executeMany(events: CountedVisitEvent[]): Promise<{ counted: number; keys: number }> {
    const folds = foldVisitsByDay(events, (at) => localDay(at, this.config.TIME_ZONE));
    const change = events[0]?.type === 'visit.voided' ? 'void' : 'record';
    const counted = await inParallel(folds, KEY_CONCURRENCY, (fold) =>
      this.counts.countEachOnce(fold.key, fold.eventIds, change),
    );
    return { counted: counted.reduce((sum, n) => sum + n, 0), keys: folds.length };
  }
}

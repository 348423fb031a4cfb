import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { chunksOf, CONFIG, inParallel, localDay, type ServiceConfig } from '#anlao/platform';
import { DailyCentreVisitsRepository } from './daily-visit-count.repository.js';
import { foldVisitsByDay, type CountedVisitEvent } from './fold-visits.js';

/** Day documents written at once: distinct keys, so no two writes touch one document. */
const KEY_CONCURRENCY = 4;
/** Centre-days written between two heartbeats of the consumer. */
const FOLDS_PER_PAGE = 100;

@Injectable()
export class CountVisitUseCase {
  constructor(
    private readonly counts: DailyCentreVisitsRepository,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * One write per centre-day for a whole consumer batch, in `db` (the database of the generation
   * whose consumer sent it); each event still counts once. A run holds one event type (the consumer
   * never mixes them), so the whole run adds or subtracts. A visit counts on the city-local day of its check-in.
   */
  async executeMany(
    events: CountedVisitEvent[],
    db: Db,
    heartbeat?: () => Promise<void>,
  ): Promise<{ counted: number; keys: number }> {
    const folds = foldVisitsByDay(events, (at) => localDay(at, this.config.TIME_ZONE));
    const change = events[0]?.type === 'visit.voided' ? 'void' : 'record';
    let counted = 0;
    // A replay's full batches touch many centre-days: the consumer's session is kept alive between pages.
    for (const page of chunksOf(folds, FOLDS_PER_PAGE)) {
      const done = await inParallel(page, KEY_CONCURRENCY, (fold) =>
        this.counts.countEachOnce(db, fold.key, fold.eventIds, change),
      );
      counted += done.reduce((sum, n) => sum + n, 0);
      await heartbeat?.();
    }
    return { counted, keys: folds.length };
  }
}

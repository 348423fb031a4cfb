import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { chunksOf, CONFIG, findByIds, localDay, type ServiceConfig } from '#anlao/platform';
import type { ResidentProfile } from '../resident-profiles/resident-profile.js';
import { projectionFault } from '../projection/projection-writer.js';
import { GenerationalWriters } from '../projection/generational-writers.js';
import { Generations } from '../generations/generations.js';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../analytics.config.js';
import {
  Collections,
  keysOf,
  planCoverage,
  type CoverageEvent,
  type StepContext,
  type StepState,
} from './coverage-step.js';
import type { ResidentMonth } from './resident-month.js';

export const COVERAGE_GROUP = 'analytics.coverage';
/** The monthly roll-over's progress (`month-opening.ts`), one document per month. */
export const OPENINGS_COLLECTION = 'coverage_months';
/** Events planned per step: keeps a step's journal entry and its reads small. */
const EVENTS_PER_STEP = 250;

/**
 * The coverage lane's one writer (ADR 0029) per generation (ADR 0030): reads the profiles and
 * elder-months a batch touches by `_id`, plans the changes (`planCoverage`) and has them applied
 * exactly once (`ProjectionWriter`), in the database of the generation whose consumer sent the batch.
 */
@Injectable()
export class CoverageProjector {
  readonly writers: GenerationalWriters;

  constructor(
    private readonly generations: Generations,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(ANALYTICS_CONFIG) analytics: AnalyticsConfig,
  ) {
    const fault = projectionFault(analytics.PROJECTION_FAULT, config.NODE_ENV);
    this.writers = new GenerationalWriters(
      generations,
      COVERAGE_GROUP,
      fault?.lane === COVERAGE_GROUP ? fault : null,
    );
    generations.lane({
      group: COVERAGE_GROUP,
      collections: [...Object.values(Collections), OPENINGS_COLLECTION],
      journal: true,
      // A plan left pending by a process that died is finished before anything else is read.
      starting: (generation) => this.writers.recover(generation),
      stopped: (generation) => Promise.resolve(this.writers.forget(generation)),
    });
  }

  db(generation: string): Db {
    return this.writers.db(generation);
  }

  context(now = new Date()): StepContext {
    return {
      timeZone: this.config.TIME_ZONE,
      currentMonth: localDay(now, this.config.TIME_ZONE).slice(0, 7),
    };
  }

  /**
   * Counts a run of events in `generation`, a step per EVENTS_PER_STEP events; `heartbeat` (the
   * consumer's) between steps keeps a long run (a replay's full batches) in its group.
   */
  async project(
    events: readonly CoverageEvent[],
    generation: string,
    heartbeat?: () => Promise<void>,
  ): Promise<void> {
    const writer = this.writers.writer(generation);
    for (const chunk of chunksOf(events, EVENTS_PER_STEP)) {
      await writer.exclusive(async () => {
        const seq = await writer.recover();
        const ctx = this.context();
        const state = await this.read(keysOf(chunk, ctx), generation);
        await writer.apply(planCoverage(chunk, state, ctx).build(), seq);
      });
      await heartbeat?.();
    }
  }

  async read(
    keys: { residentIds: Set<string>; monthIds: Set<string> },
    generation: string,
  ): Promise<StepState> {
    const db = this.db(generation);
    return {
      profiles: await findByIds(db.collection<ResidentProfile>(Collections.profiles), keys.residentIds),
      months: await findByIds(db.collection<ResidentMonth>(Collections.months), keys.monthIds),
    };
  }
}

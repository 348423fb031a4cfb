import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { CONFIG, findByIds, localDay, type ServiceConfig } from '#anlao/platform';
import type { ResidentProfile } from '../resident-profiles/resident-profile.js';
import { projectionFault } from '../projection/projection-writer.js';
import type { ProjectionPlan } from '../projection/projection-plan.js';
import { StepProjector } from '../projection/step-projector.js';
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

/**
 * The coverage lane's one writer (ADR 0029) per generation (ADR 0030): reads the profiles and
 * elder-months a batch touches by `_id`, plans the changes (`planCoverage`) and has them applied
 * exactly once (`ProjectionWriter`), in the database of the generation whose consumer sent the batch.
 */
@Injectable()
export class CoverageProjector extends StepProjector<CoverageEvent> {
  readonly writers: GenerationalWriters;

  constructor(
    private readonly generations: Generations,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(ANALYTICS_CONFIG) analytics: AnalyticsConfig,
  ) {
    super();
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

  protected async planStep(step: readonly CoverageEvent[], generation: string): Promise<ProjectionPlan> {
    const ctx = this.context();
    return planCoverage(step, await this.read(keysOf(step, ctx), generation), ctx).build();
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

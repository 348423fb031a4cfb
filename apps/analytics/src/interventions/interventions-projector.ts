import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, findByIds, type ServiceConfig } from '#anlao/platform';
import { GenerationalWriters } from '../projection/generational-writers.js';
import type { ProjectionPlan } from '../projection/projection-plan.js';
import { StepProjector } from '../projection/step-projector.js';
import { Generations } from '../generations/generations.js';
import {
  Collections,
  keysOf,
  planInterventions,
  type HoursLogState,
  type InterventionEvent,
  type StepKeys,
  type StepState,
} from './interventions-step.js';
import type { ProgrammeState } from './programme-state.js';

export const INTERVENTIONS_GROUP = 'analytics.interventions';

/**
 * The interventions lane's one writer (ADR 0029's pattern) per generation (ADR 0030): reads the
 * programmes and hours logs a batch touches by `_id`, plans the changes (`planInterventions`) and has
 * them applied exactly once, in the database of the generation whose consumer sent the batch.
 */
@Injectable()
export class InterventionsProjector extends StepProjector<InterventionEvent> {
  readonly writers: GenerationalWriters;

  constructor(
    generations: Generations,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {
    super();
    this.writers = new GenerationalWriters(generations, INTERVENTIONS_GROUP);
    generations.lane({
      group: INTERVENTIONS_GROUP,
      collections: Object.values(Collections),
      journal: true,
      // A plan left pending by a process that died is finished before anything else is read.
      starting: (generation) => this.writers.recover(generation),
      stopped: (generation) => Promise.resolve(this.writers.forget(generation)),
    });
  }

  protected async planStep(step: readonly InterventionEvent[], generation: string): Promise<ProjectionPlan> {
    const state = await this.read(keysOf(step), generation);
    return planInterventions(step, state, { timeZone: this.config.TIME_ZONE }).build();
  }

  private async read(keys: StepKeys, generation: string): Promise<StepState> {
    const db = this.writers.db(generation);
    return {
      programmes: await findByIds(db.collection<ProgrammeState>(Collections.programmes), keys.programmeIds),
      logs: await findByIds(db.collection<HoursLogState>(Collections.hoursLogs), keys.logIds),
    };
  }
}

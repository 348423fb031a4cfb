import { chunksOf } from '#anlao/platform';
import type { GenerationalWriters } from './generational-writers.js';
import type { ProjectionPlan } from './projection-plan.js';

/** Events planned per step: keeps a step's journal entry and its reads small. */
const EVENTS_PER_STEP = 250;

/**
 * A lane's one writer (ADR 0029) per generation (ADR 0030), as every lane projects: a run of events
 * a step of EVENTS_PER_STEP at a time, in the database of the generation whose consumer sent it.
 * Each step runs alone in the lane, after any plan a process that died left pending, and is planned
 * from what it reads (`planStep`) and applied exactly once.
 */
export abstract class StepProjector<E> {
  abstract readonly writers: GenerationalWriters;

  /** The changes one step of events makes, planned from the state it reads in `generation`. */
  protected abstract planStep(step: readonly E[], generation: string): Promise<ProjectionPlan>;

  /** `heartbeat` (the consumer's) between steps keeps a long run (a replay's full batches) in its group. */
  async project(events: readonly E[], generation: string, heartbeat?: () => Promise<void>): Promise<void> {
    const writer = this.writers.writer(generation);
    for (const step of chunksOf(events, EVENTS_PER_STEP)) {
      await writer.exclusive(async () => {
        const seq = await writer.recover();
        await writer.apply(await this.planStep(step, generation), seq);
      });
      await heartbeat?.();
    }
  }
}

import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { CONFIG, findByIds, LOGGER, type ServiceConfig } from '#anlao/platform';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../analytics.config.js';
import { Generations } from '../generations/generations.js';
import { GenerationalWriters } from '../projection/generational-writers.js';
import { projectionFault } from '../projection/projection-writer.js';
import type { ProjectionPlan } from '../projection/projection-plan.js';
import { StepProjector } from '../projection/step-projector.js';
import { AccessibilityCollections as C, CLOCK_ID } from './accessibility-collections.js';
import { keysOf, planAccessibility, planSweep, type AccessibilityEvent } from './accessibility-step.js';
import type { OrderRecord } from './order-record.js';
import {
  emptyState,
  STATE_COLLECTIONS,
  type StateKind,
  type StepContext,
  type StepKeys,
  type StepState,
} from './step-state.js';

export const ACCESSIBILITY_GROUP = 'analytics.accessibility';
/** Orders per sweep step. */
const READ_CHUNK = 100;
/** How often open orders are checked against their due time. */
export const SWEEP_EVERY_MS = 60_000;

type Keyed = { _id: string } & Record<string, unknown>;

/**
 * The accessibility lane's one writer per generation (ADR 0030): reads the state documents a batch
 * touches by `_id`, plans the changes (`planAccessibility`) and has them applied exactly once
 * (`ProjectionWriter`), in the database of the generation whose consumer sent the batch. A sweep in
 * the same lane counts open orders overdue as their due time passes (no event says so), in every
 * generation this process writes.
 */
@Injectable()
export class AccessibilityProjector
  extends StepProjector<AccessibilityEvent>
  implements BeforeApplicationShutdown
{
  readonly writers: GenerationalWriters;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sweeping = new Map<string, Promise<unknown>>();

  constructor(
    generations: Generations,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ANALYTICS_CONFIG) analytics: AnalyticsConfig,
  ) {
    super();
    // The crash tests' failpoint (`analytics.accessibility:journal|increments:<step>`), test only.
    const fault = projectionFault(analytics.PROJECTION_FAULT, config.NODE_ENV);
    this.writers = new GenerationalWriters(
      generations,
      ACCESSIBILITY_GROUP,
      fault?.lane === ACCESSIBILITY_GROUP ? fault : null,
    );
    generations.lane({
      group: ACCESSIBILITY_GROUP,
      collections: Object.values(C),
      journal: true,
      starting: (generation) => this.start(generation),
      stopped: (generation) => this.stop(generation),
    });
  }

  /** A plan left pending by a process that died is finished first; then the clock catches up. */
  private async start(generation: string): Promise<void> {
    await this.writers.recover(generation);
    await this.sweep(generation);
    const timer = setInterval(() => {
      if (this.sweeping.has(generation)) return;
      this.sweeping.set(
        generation,
        this.sweep(generation)
          .catch((error: unknown) =>
            this.logger.warn({ err: error, generation }, 'overdue sweep failed; retried next minute'),
          )
          .finally(() => this.sweeping.delete(generation)),
      );
    }, SWEEP_EVERY_MS);
    timer.unref();
    this.timers.set(generation, timer);
  }

  /** The generation is retired here: no sweep may write there any more. */
  private async stop(generation: string): Promise<void> {
    clearInterval(this.timers.get(generation));
    this.timers.delete(generation);
    await this.sweeping.get(generation);
    this.writers.forget(generation);
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.timers.values()) clearInterval(timer);
    await Promise.all(this.sweeping.values());
  }

  /** The city's SLA targets are the catalogue's defaults here (analytics reads no SLA override yet). */
  context(): StepContext {
    return { timeZone: this.config.TIME_ZONE, sla: {} };
  }

  protected async planStep(step: readonly AccessibilityEvent[], generation: string): Promise<ProjectionPlan> {
    const ctx = this.context();
    return planAccessibility(step, await this.read(keysOf(step, ctx), generation), ctx).build();
  }

  /**
   * Moves the overdue clock to `now`: the orders falling due since it last moved are read by the
   * `due` index a page at a time (each page a step of its own, so a crash resumes after it).
   */
  async sweep(generation: string, now = new Date()): Promise<number> {
    const target = `${now.toISOString()}|\uffff`;
    const writer = this.writers.writer(generation);
    const db = this.writers.db(generation);
    let swept = 0;
    for (let more = true; more;)
      more = await writer.exclusive(async () => {
        const seq = await writer.recover();
        const cursor = await this.cursor(db);
        if (cursor >= target) return false;
        const due = await db
          .collection<OrderRecord>(C.orders)
          .find({ due: { $gt: cursor, $lte: target } })
          .sort({ due: 1 })
          .limit(READ_CHUNK)
          .toArray();
        const full = due.length === READ_CHUNK;
        const next = full ? (due.at(-1)?.due ?? target) : target;
        await writer.apply(planSweep(due, next, this.context()).build(), seq);
        swept += due.length;
        return full;
      });
    return swept;
  }

  private async cursor(db: Db): Promise<string> {
    const clock = await db.collection<{ _id: string; cursor: string }>(C.clock).findOne({ _id: CLOCK_ID });
    return clock?.cursor ?? '';
  }

  async read(keys: StepKeys, generation: string): Promise<StepState> {
    const db = this.writers.db(generation);
    const state = emptyState(await this.cursor(db));
    for (const kind of Object.keys(STATE_COLLECTIONS) as StateKind[]) {
      const into = state[kind] as unknown as Map<string, Keyed>;
      for (const [id, doc] of await findByIds(db.collection<Keyed>(STATE_COLLECTIONS[kind]), keys[kind]))
        into.set(id, doc);
    }
    return state;
  }
}

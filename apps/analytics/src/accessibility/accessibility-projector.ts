import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { chunksOf, CONFIG, LOGGER, type ServiceConfig } from '#anlao/platform';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../analytics.config.js';
import { projectionFault, ProjectionWriter } from '../projection/projection-writer.js';
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
/** Events planned per step: keeps a step's journal entry and its reads small. */
const EVENTS_PER_STEP = 250;
/** `_id`s per `$in` read; orders per sweep step. */
const READ_CHUNK = 100;
/** How often open orders are checked against their due time. */
export const SWEEP_EVERY_MS = 60_000;

type Keyed = { _id: string } & Record<string, unknown>;

/**
 * The accessibility lane's one writer: reads the state documents a batch touches by `_id`, plans the
 * changes (`planAccessibility`) and has them applied exactly once (`ProjectionWriter`). A sweep in
 * the same lane counts open orders overdue as their due time passes (no event says so).
 */
@Injectable()
export class AccessibilityProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly writer: ProjectionWriter;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ANALYTICS_CONFIG) analytics: AnalyticsConfig,
  ) {
    // The crash tests' failpoint (`analytics.accessibility:journal|increments:<step>`), test only.
    const fault = projectionFault(analytics.PROJECTION_FAULT, config.NODE_ENV);
    this.writer = new ProjectionWriter(
      connection,
      ACCESSIBILITY_GROUP,
      fault?.lane === ACCESSIBILITY_GROUP ? fault : null,
    );
  }

  /** A plan left pending by a process that died is finished first; then the clock catches up. */
  async onApplicationBootstrap(): Promise<void> {
    await this.writer.exclusive(() => this.writer.recover());
    await this.sweep();
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'overdue sweep failed; retried next minute'),
        )
        .finally(() => (this.sweeping = undefined));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** The city's SLA targets are the catalogue's defaults here (analytics reads no SLA override yet). */
  context(): StepContext {
    return { timeZone: this.config.TIME_ZONE, sla: {} };
  }

  async project(events: readonly AccessibilityEvent[]): Promise<void> {
    for (const chunk of chunksOf(events, EVENTS_PER_STEP))
      await this.writer.exclusive(async () => {
        const seq = await this.writer.recover();
        const ctx = this.context();
        const state = await this.read(keysOf(chunk, ctx));
        await this.writer.apply(planAccessibility(chunk, state, ctx).build(), seq);
      });
  }

  /**
   * Moves the overdue clock to `now`: the orders falling due since it last moved are read by the
   * `due` index a page at a time (each page a step of its own, so a crash resumes after it).
   */
  async sweep(now = new Date()): Promise<number> {
    const target = `${now.toISOString()}|\uffff`;
    let swept = 0;
    for (let more = true; more;)
      more = await this.writer.exclusive(async () => {
        const seq = await this.writer.recover();
        const cursor = await this.cursor();
        if (cursor >= target) return false;
        const due = await this.connection
          .collection<OrderRecord>(C.orders)
          .find({ due: { $gt: cursor, $lte: target } })
          .sort({ due: 1 })
          .limit(READ_CHUNK)
          .toArray();
        const full = due.length === READ_CHUNK;
        const next = full ? (due.at(-1)?.due ?? target) : target;
        await this.writer.apply(planSweep(due, next, this.context()).build(), seq);
        swept += due.length;
        return full;
      });
    return swept;
  }

  private async cursor(): Promise<string> {
    const clock = await this.connection
      .collection<{ _id: string; cursor: string }>(C.clock)
      .findOne({ _id: CLOCK_ID });
    return clock?.cursor ?? '';
  }

  async read(keys: StepKeys): Promise<StepState> {
    const state = emptyState(await this.cursor());
    for (const kind of Object.keys(STATE_COLLECTIONS) as StateKind[]) {
      const into = state[kind] as unknown as Map<string, Keyed>;
      for (const ids of chunksOf([...keys[kind]], READ_CHUNK))
        for (const doc of await this.connection
          .collection<Keyed>(STATE_COLLECTIONS[kind])
          .find({ _id: { $in: ids } })
          .toArray())
          into.set(doc._id, doc);
    }
    return state;
  }
}

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { chunksOf, CONFIG, localDay, type ServiceConfig } from '#anlao/platform';
import type { ResidentProfile } from '../resident-profiles/resident-profile.js';
import { projectionFault, ProjectionWriter } from '../projection/projection-writer.js';
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
/** Events planned per step: keeps a step's journal entry and its reads small. */
const EVENTS_PER_STEP = 250;
/** `_id`s per `$in` read. */
const READ_CHUNK = 100;

/**
 * The coverage lane's one writer (ADR 0029): reads the profiles and elder-months a batch touches by
 * `_id`, plans the changes (`planCoverage`) and has them applied exactly once (`ProjectionWriter`).
 */
@Injectable()
export class CoverageProjector implements OnApplicationBootstrap {
  readonly writer: ProjectionWriter;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(ANALYTICS_CONFIG) analytics: AnalyticsConfig,
  ) {
    const fault = projectionFault(analytics.PROJECTION_FAULT, config.NODE_ENV);
    this.writer = new ProjectionWriter(
      connection,
      COVERAGE_GROUP,
      fault?.lane === COVERAGE_GROUP ? fault : null,
    );
  }

  /** A plan left pending by a process that died is finished before anything else is read. */
  async onApplicationBootstrap(): Promise<void> {
    await this.writer.exclusive(() => this.writer.recover());
  }

  context(now = new Date()): StepContext {
    return {
      timeZone: this.config.TIME_ZONE,
      currentMonth: localDay(now, this.config.TIME_ZONE).slice(0, 7),
    };
  }

  async project(events: readonly CoverageEvent[]): Promise<void> {
    for (const chunk of chunksOf(events, EVENTS_PER_STEP))
      await this.writer.exclusive(async () => {
        const seq = await this.writer.recover();
        const ctx = this.context();
        const state = await this.read(keysOf(chunk, ctx));
        await this.writer.apply(planCoverage(chunk, state, ctx).build(), seq);
      });
  }

  async read(keys: { residentIds: Set<string>; monthIds: Set<string> }): Promise<StepState> {
    const state: StepState = { profiles: new Map(), months: new Map() };
    for (const ids of chunksOf([...keys.residentIds], READ_CHUNK))
      for (const p of await this.connection
        .collection<ResidentProfile>(Collections.profiles)
        .find({ _id: { $in: ids } })
        .toArray())
        state.profiles.set(p._id, p);
    for (const ids of chunksOf([...keys.monthIds], READ_CHUNK))
      for (const m of await this.connection
        .collection<ResidentMonth>(Collections.months)
        .find({ _id: { $in: ids } })
        .toArray())
        state.months.set(m._id, m);
    return state;
  }
}

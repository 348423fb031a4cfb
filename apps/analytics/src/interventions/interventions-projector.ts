import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { chunksOf, CONFIG, type ServiceConfig } from '#anlao/platform';
import { ProjectionWriter } from '../projection/projection-writer.js';
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
/** Events planned per step: keeps a step's journal entry and its reads small. */
const EVENTS_PER_STEP = 250;
/** `_id`s per `$in` read. */
const READ_CHUNK = 100;

/**
 * The interventions lane's one writer (ADR 0029's pattern): reads the programmes and hours logs a
 * batch touches by `_id`, plans the changes (`planInterventions`) and has them applied exactly once.
 */
@Injectable()
export class InterventionsProjector implements OnApplicationBootstrap {
  readonly writer: ProjectionWriter;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {
    this.writer = new ProjectionWriter(connection, INTERVENTIONS_GROUP);
  }

  /** A plan left pending by a process that died is finished before anything else is read. */
  async onApplicationBootstrap(): Promise<void> {
    await this.writer.exclusive(() => this.writer.recover());
  }

  async project(events: readonly InterventionEvent[]): Promise<void> {
    for (const chunk of chunksOf(events, EVENTS_PER_STEP))
      await this.writer.exclusive(async () => {
        const seq = await this.writer.recover();
        const state = await this.read(keysOf(chunk));
        await this.writer.apply(
          planInterventions(chunk, state, { timeZone: this.config.TIME_ZONE }).build(),
          seq,
        );
      });
  }

  private async read(keys: StepKeys): Promise<StepState> {
    const state: StepState = { programmes: new Map(), logs: new Map() };
    for (const ids of chunksOf([...keys.programmeIds], READ_CHUNK))
      for (const p of await this.connection
        .collection<ProgrammeState>(Collections.programmes)
        .find({ _id: { $in: ids } })
        .toArray())
        state.programmes.set(p._id, p);
    for (const ids of chunksOf([...keys.logIds], READ_CHUNK))
      for (const l of await this.connection
        .collection<HoursLogState>(Collections.hoursLogs)
        .find({ _id: { $in: ids } })
        .toArray())
        state.logs.set(l._id, l);
    return state;
  }
}

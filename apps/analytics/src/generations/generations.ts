import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, CreateIndexesOptions, Db, IndexSpecification } from 'mongodb';
import type { Connection } from 'mongoose';
import { CONFIG, databaseName, type ServiceConfig } from '#anlao/platform';
import { JOURNAL_COLLECTION } from '../projection/projection-writer.js';
import { BASE_GENERATION, databaseOf, isGeneration, type PartitionTarget } from './generation.js';

/** The meta collection, in the service's own database (`<prefix>analytics`): one document. */
export const GENERATIONS_COLLECTION = 'analytics_generations';
export const GENERATIONS_ID = 'active';

export type RebuildPhase = 'replaying' | 'settling' | 'ready' | 'switched' | 'dropped' | 'aborted';

/** The rebuild under way, or the last one (kept after it ends for `GET /admin/rebuild`). */
export interface RebuildState {
  generation: string;
  /** The generation that was active when it started. */
  from: string;
  phase: RebuildPhase;
  startedAt: string;
  /** Who asked (principal id and role), for the record. */
  requestedBy: string;
  /** Wait for `POST /admin/rebuild/switch` once caught up instead of switching at once. */
  hold: boolean;
  /** Every partition each rebuilt lane must read, with its offsets at the start. */
  targets: PartitionTarget[];
  total: number;
  applied: number;
  percent: number;
  lanes: { group: string; total: number; applied: number }[];
  /** Lanes not generation-aware: left as they are (their g0 group and collections), not rebuilt. */
  leftOut: string[];
  updatedAt: string;
  /** When the new groups had read every partition up to its end at the start. */
  caughtUpAt: string | null;
  switchedAt: string | null;
  /** Aborted (`DELETE /admin/rebuild`): the new generation is dropped, reads never left the old one. */
  abortedAt?: string | null;
  droppedAt: string | null;
}

/**
 * `analytics_generations[active]`: which generation reads come from (`active`), which one is being
 * built (`building`), which one is being dropped after a switch (`retiring`), and the rebuild's
 * progress. One document, so the switch is one write.
 */
export interface GenerationsDoc {
  _id: typeof GENERATIONS_ID;
  active: string;
  building: string | null;
  retiring: string | null;
  /** The highest generation number handed out (numbers are never used twice). */
  last: number;
  /** The process driving the rebuild (progress, switch, clean-up) and when it last did (a lease). */
  driver: string | null;
  progress: RebuildState | null;
}

export const initialGenerations = (): GenerationsDoc => ({
  _id: GENERATIONS_ID,
  active: BASE_GENERATION,
  building: null,
  retiring: null,
  last: 0,
  driver: null,
  progress: null,
});

/** What runs beside a lane's consumer in one generation (journal recovery, timers, sweeps). */
export interface LaneHooks {
  /** Before its consumer of `generation` starts in this process: finish a pending plan, start timers. */
  starting?: (generation: string) => Promise<void>;
  /** After that consumer stopped: stop timers and wait for their work (nothing may write there after). */
  stopped?: (generation: string) => Promise<void>;
}

/** A projection lane: one consumer group, run once per generation (ADR 0030). */
export interface LaneSpec extends LaneHooks {
  /** Its consumer group id in g0 (`analytics.coverage`). */
  group: string;
  /** The collections it writes (dropped with g0, whose database is the service's own). */
  collections: readonly string[];
  /** It keeps an entry in `projection_journal` (`_id` = group). */
  journal?: boolean;
}

/**
 * Where analytics' projections live, per generation (ADR 0030): the databases, the meta document, and
 * the lanes that are generation-aware. Writers resolve their database from the generation of the
 * consumer group that called them (`generationOfGroup(ctx.groupId)`); report reads from the active
 * generation, read at request time (`readDb`).
 */
@Injectable()
export class Generations {
  private readonly registered = new Map<string, LaneSpec>();
  private readonly hooks = new Map<string, LaneHooks[]>();
  private readonly base: string;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(CONFIG) config: ServiceConfig,
  ) {
    this.base = databaseName(config);
  }

  /** Declares a generation-aware lane (its projector or consumer does, when constructed). */
  lane(spec: LaneSpec): void {
    this.registered.set(spec.group, spec);
    this.hook(spec.group, spec);
  }

  /** Adds work that starts and stops with a lane's consumer in each generation (say, a timer of the lane). */
  hook(group: string, hooks: LaneHooks): void {
    this.hooks.set(group, [...(this.hooks.get(group) ?? []), hooks]);
  }

  /** Runs the lane's `starting` hooks, in the order they were added. */
  async starting(group: string, generation: string): Promise<void> {
    for (const h of this.hooks.get(group) ?? []) await h.starting?.(generation);
  }

  /** Runs the lane's `stopped` hooks, the last added first. */
  async stopped(group: string, generation: string): Promise<void> {
    for (const h of [...(this.hooks.get(group) ?? [])].reverse()) await h.stopped?.(generation);
  }

  isLane(group: string): boolean {
    return this.registered.has(group);
  }

  laneOf(group: string): LaneSpec | undefined {
    return this.registered.get(group);
  }

  lanes(): LaneSpec[] {
    return [...this.registered.values()];
  }

  databaseName(generation: string): string {
    return databaseOf(this.base, generation);
  }

  /** The database of a generation (the service's own in g0). */
  db(generation: string): Db {
    if (!isGeneration(generation)) throw new Error(`not a generation: ${generation}`);
    return this.connection.getClient().db(this.databaseName(generation));
  }

  /** The database a lane writes in `generation`: a lane that is not generation-aware stays in g0's. */
  laneDb(group: string, generation: string): Db {
    return this.db(this.isLane(group) ? generation : BASE_GENERATION);
  }

  meta(): Collection<GenerationsDoc> {
    return this.db(BASE_GENERATION).collection<GenerationsDoc>(GENERATIONS_COLLECTION);
  }

  async state(): Promise<GenerationsDoc> {
    return (await this.meta().findOne({ _id: GENERATIONS_ID })) ?? initialGenerations();
  }

  /** The generation reads come from, now (one read by `_id`). */
  async active(): Promise<string> {
    const doc = await this.meta().findOne({ _id: GENERATIONS_ID }, { projection: { active: 1 } });
    return doc?.active ?? BASE_GENERATION;
  }

  /**
   * The database a report reads, resolved per request: the active generation's (for a lane that is
   * not generation-aware, g0's). Everything a request reads comes from the one database it resolved.
   */
  async readDb(group?: string): Promise<Db> {
    const active = await this.active();
    return group === undefined ? this.db(active) : this.laneDb(group, active);
  }

  /**
   * Makes a new generation's database ready before any consumer writes there: the indexes the lanes'
   * schemas declare (the base database gets them from Mongoose at start), on a database dropped first
   * in case an attempt that died left one.
   */
  async prepare(generation: string): Promise<void> {
    if (generation === BASE_GENERATION) throw new Error('g0 is never rebuilt into');
    const db = this.db(generation);
    await db.dropDatabase();
    const owned = new Set(this.lanes().flatMap((l) => l.collections));
    for (const model of Object.values(this.connection.models)) {
      const name = model.collection.collectionName;
      if (!owned.has(name)) continue;
      await db.createCollection(name).catch((error: unknown) => {
        if ((error as { codeName?: string }).codeName !== 'NamespaceExists') throw error;
      });
      for (const [fields, options] of model.schema.indexes())
        await db
          .collection(name)
          .createIndex(fields as IndexSpecification, (options ?? {}) as CreateIndexesOptions);
    }
  }

  /**
   * Drops a retired generation's data: its database, or in g0 (the service's own database, which also
   * holds this meta document and the inbox) the generation-aware lanes' collections and journal entries.
   */
  async drop(generation: string): Promise<void> {
    if (generation !== BASE_GENERATION) {
      await this.db(generation).dropDatabase();
      return;
    }
    const db = this.db(BASE_GENERATION);
    const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    for (const lane of this.lanes()) {
      for (const name of lane.collections) if (existing.has(name)) await db.collection(name).drop();
      if (lane.journal)
        await db.collection<{ _id: string }>(JOURNAL_COLLECTION).deleteOne({ _id: lane.group });
    }
  }
}

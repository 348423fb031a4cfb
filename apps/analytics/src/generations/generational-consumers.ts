import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Principal } from '#anlao/auth';
import { topicName } from '#anlao/events';
import {
  EventTransport,
  isDuplicateKey,
  KAFKA,
  KAFKA_SETTINGS,
  MessagingRuntime,
  topicOffsets,
  type ConsumerOptions,
  type ConsumerStarter,
  type EventConsumer,
  type KafkaSettings,
} from '#anlao/messaging';
import { DomainError, KeyedQueue, LOGGER } from '#anlao/platform';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../analytics.config.js';
import {
  generationNamed,
  generationNumber,
  groupIn,
  notBehind,
  progressOf,
  type Committed,
  type PartitionTarget,
} from './generation.js';
import { GENERATIONS_ID, Generations, type GenerationsDoc, type RebuildState } from './generations.js';

/** The generations whose consumers should run: the active one and the one being built. */
export const wantedGenerations = (doc: GenerationsDoc): string[] =>
  doc.building ? [doc.active, doc.building] : [doc.active];

/** Kafka's error codes `deleteGroups` may answer that mean "nothing left to delete". */
const GROUP_ID_NOT_FOUND = 69;
const NON_EMPTY_GROUP = 68;

/**
 * Runs analytics' projection lanes once per generation and rebuilds them (ADR 0030).
 *
 * The event transport starts its groups through here (`routeThrough`): a generation-aware lane is
 * started for the active generation (`analytics.coverage` in g0, `analytics.coverage@gN` after) and,
 * while a rebuild runs, for the new one as well, with the same handlers; any other group as it is.
 * Every process polls the generations document and follows it: starts the groups of a rebuild begun
 * elsewhere, stops those of a retired generation. The process that started a rebuild drives it
 * (a lease: another takes over when it stops writing): progress from the new groups' committed
 * offsets against the partitions' ends at the start; once caught up (and not behind the live groups)
 * it switches `active` in one write, and, when the old groups are empty, deletes them and drops the
 * old generation's data.
 */
@Injectable()
export class GenerationalConsumers
  implements ConsumerStarter, OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  /** The lanes' consumer options as the transport gave them (handlers included). */
  private readonly lanes = new Map<string, ConsumerOptions>();
  /** Groups of the transport that are not generation-aware: started once, as they are. */
  private readonly others = new Set<string>();
  /** generation → lane → its consumer in this process. */
  private readonly running = new Map<string, Map<string, EventConsumer>>();
  /** Everything that starts or stops consumers or writes the document runs one at a time. */
  private readonly serial = new KeyedQueue();
  private readonly instance = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private admin: Promise<Admin> | null = null;
  private stopping = false;

  constructor(
    private readonly transport: EventTransport,
    private readonly runtime: MessagingRuntime,
    private readonly generations: Generations,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  onModuleInit(): void {
    this.transport.routeThrough(this);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), this.config.GENERATION_POLL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.exclusive(() => Promise.resolve());
    const admin = await this.admin?.catch(() => null);
    await admin?.disconnect().catch(() => undefined);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.serial.run('generations', task);
  }

  /** Called by the transport for each of its groups, before the app listens. */
  async startConsumer(options: ConsumerOptions): Promise<unknown> {
    if (!this.generations.isLane(options.groupId)) {
      this.others.add(options.groupId);
      return this.runtime.startConsumer(options);
    }
    this.lanes.set(options.groupId, options);
    return this.exclusive(async () => {
      for (const generation of wantedGenerations(await this.generations.state()))
        await this.startLane(options.groupId, generation);
    });
  }

  private async startLane(group: string, generation: string): Promise<void> {
    const consumers = this.running.get(generation) ?? new Map<string, EventConsumer>();
    const options = this.lanes.get(group);
    if (consumers.has(group) || !options) return;
    await this.generations.starting(group, generation);
    try {
      consumers.set(
        group,
        await this.runtime.startConsumer({ ...options, groupId: groupIn(group, generation) }),
      );
    } catch (error) {
      await this.generations.stopped(group, generation);
      throw error;
    }
    this.running.set(generation, consumers);
  }

  private async stopGeneration(generation: string): Promise<void> {
    const consumers = this.running.get(generation);
    if (!consumers) return;
    for (const [group, consumer] of consumers) {
      await this.runtime.stopConsumer(consumer);
      await this.generations.stopped(group, generation);
    }
    this.running.delete(generation);
    this.logger.info({ generation }, 'stopped the consumers of a retired generation');
  }

  /** Runs what the document asks for here: the wanted generations' consumers, no others. */
  private async reconcile(doc: GenerationsDoc): Promise<void> {
    const wanted = wantedGenerations(doc);
    for (const generation of [...this.running.keys()])
      if (!wanted.includes(generation)) await this.stopGeneration(generation);
    for (const generation of wanted)
      for (const group of this.lanes.keys()) await this.startLane(group, generation);
  }

  /** One poll: follow the document, and drive the rebuild if this process holds it. */
  poll(): Promise<void> {
    return this.exclusive(async () => {
      if (this.stopping) return;
      try {
        const doc = await this.generations.state();
        await this.reconcile(doc);
        if ((doc.building || doc.retiring) && (await this.drives(doc))) {
          if (doc.building) await this.drive(doc);
          else await this.retire(doc);
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'generations poll failed; retried at the next one');
      }
    });
  }

  private get takeoverMs(): number {
    return Math.max(30_000, 10 * this.config.GENERATION_POLL_MS);
  }

  /** This process drives the rebuild: it started it, or the one that did has stopped writing. */
  private async drives(doc: GenerationsDoc): Promise<boolean> {
    if (doc.driver === this.instance) return true;
    const seen = Date.parse(doc.progress?.updatedAt ?? '') || 0;
    if (doc.driver !== null && Date.now() - seen < this.takeoverMs) return false;
    const taken = await this.generations
      .meta()
      .updateOne(
        { _id: GENERATIONS_ID, driver: doc.driver },
        { $set: { driver: this.instance, 'progress.updatedAt': new Date().toISOString() } },
      );
    if (taken.modifiedCount === 1) this.logger.info({ from: doc.driver }, 'took over driving the rebuild');
    return taken.modifiedCount === 1;
  }

  /** Starts a rebuild into the next generation; refused while one runs (or is being cleaned up). */
  start(principal: Principal, hold: boolean): Promise<GenerationsDoc> {
    return this.exclusive(async () => {
      const doc = await this.generations.state();
      if (doc.building || doc.retiring) throw running(doc);
      if (this.lanes.size === 0)
        throw new DomainError('unavailable', 'rebuild.not-ready', 'the consumers have not started yet');
      const from = doc.active;
      const n = Math.max(doc.last, generationNumber(from)) + 1;
      const generation = generationNamed(n);
      await this.generations.prepare(generation);
      const targets = await this.targets([...this.lanes.keys()]);
      const progress = progressOf(targets, new Map());
      const now = new Date().toISOString();
      const rebuild: RebuildState = {
        generation,
        from,
        phase: 'replaying',
        startedAt: now,
        requestedBy: `${principal.role}:${principal.subject}`,
        hold,
        targets,
        total: progress.total,
        applied: 0,
        percent: progress.percent,
        lanes: progress.lanes,
        leftOut: [...this.others].sort(),
        updatedAt: now,
        caughtUpAt: null,
        switchedAt: null,
        droppedAt: null,
      };
      try {
        const claimed = await this.generations
          .meta()
          .updateOne(
            { _id: GENERATIONS_ID, active: from, building: null, retiring: null },
            { $set: { building: generation, last: n, driver: this.instance, progress: rebuild } },
            { upsert: true },
          );
        if (claimed.matchedCount === 0 && claimed.upsertedCount === 0)
          throw running(await this.generations.state());
      } catch (error) {
        if (isDuplicateKey(error)) throw running(await this.generations.state());
        throw error;
      }
      this.logger.info(
        { generation, from, total: progress.total, leftOut: rebuild.leftOut },
        'rebuild started: replaying every topic into a fresh database',
      );
      const started = await this.generations.state();
      await this.reconcile(started);
      return started;
    });
  }

  /**
   * Gives a rebuild up (one that cannot finish, or started by mistake at a busy hour): its generation
   * is retired as an old one is after a switch — consumers stopped, groups deleted, database dropped —
   * and reads never leave the active generation.
   */
  abort(): Promise<GenerationsDoc> {
    return this.exclusive(async () => {
      const doc = await this.generations.state();
      if (!doc.building) throw new DomainError('conflict', 'rebuild.not-running', 'no rebuild is running');
      const now = new Date().toISOString();
      const aborted = await this.generations.meta().updateOne(
        { _id: GENERATIONS_ID, active: doc.active, building: doc.building },
        {
          $set: {
            building: null,
            retiring: doc.building,
            driver: this.instance,
            'progress.phase': 'aborted',
            'progress.abortedAt': now,
            'progress.updatedAt': now,
          },
        },
      );
      if (aborted.modifiedCount !== 1) throw running(await this.generations.state());
      this.logger.info({ generation: doc.building }, 'rebuild aborted: its generation is being dropped');
      const state = await this.generations.state();
      await this.reconcile(state);
      return state;
    });
  }

  /** Lets a held rebuild switch as soon as it is caught up. */
  release(): Promise<GenerationsDoc> {
    return this.exclusive(async () => {
      const released = await this.generations
        .meta()
        .updateOne(
          { _id: GENERATIONS_ID, building: { $ne: null }, 'progress.hold': true },
          { $set: { 'progress.hold': false } },
        );
      if (released.matchedCount === 0)
        throw new DomainError('conflict', 'rebuild.not-held', 'no rebuild is waiting for a switch');
      return this.generations.state();
    });
  }

  /** Every partition of every lane's topics, with its offsets now. */
  private async targets(lanes: string[]): Promise<PartitionTarget[]> {
    const admin = await this.connectedAdmin();
    const ends = new Map<string, { partition: number; low: bigint; high: bigint }[]>();
    const targets: PartitionTarget[] = [];
    for (const group of lanes)
      for (const topic of this.lanes.get(group)?.topics ?? []) {
        const name = topicName(topic, this.settings.topicPrefix);
        if (!ends.has(name)) ends.set(name, await topicOffsets(admin, name));
        for (const o of ends.get(name) ?? [])
          targets.push({
            group,
            topic: name,
            partition: o.partition,
            low: Number(o.low),
            high: Number(o.high),
          });
      }
    return targets;
  }

  /** The committed offsets of each lane's group in `generation`, on the topics of `targets`. */
  private async committed(
    targets: readonly PartitionTarget[],
    generation: string,
  ): Promise<Map<string, Committed>> {
    const admin = await this.connectedAdmin();
    const topicsOf = new Map<string, Set<string>>();
    for (const t of targets) topicsOf.set(t.group, (topicsOf.get(t.group) ?? new Set()).add(t.topic));
    const out = new Map<string, Committed>();
    for (const [group, topics] of topicsOf) {
      const answer = await admin.fetchOffsets({
        groupId: `${this.settings.topicPrefix}${groupIn(group, generation)}`,
        topics: [...topics],
      });
      out.set(
        group,
        new Map(
          answer.map((t) => [t.topic, new Map(t.partitions.map((p) => [p.partition, Number(p.offset)]))]),
        ),
      );
    }
    return out;
  }

  /** Progress of the rebuild; the switch once it is caught up (unless held). */
  private async drive(doc: GenerationsDoc): Promise<void> {
    const rebuild = doc.progress;
    const building = doc.building;
    if (!rebuild || !building) return;
    // The live groups first: the new ones, read after, must not be behind what was read of them.
    const live = await this.committed(rebuild.targets, doc.active);
    const rebuilt = await this.committed(rebuild.targets, building);
    const progress = progressOf(rebuild.targets, rebuilt);
    const now = new Date();
    const caughtUpAt = rebuild.caughtUpAt ?? (progress.caughtUp ? now.toISOString() : null);
    const settled =
      progress.caughtUp &&
      (notBehind(rebuilt, live) ||
        now.getTime() - Date.parse(caughtUpAt ?? '') >= this.config.REBUILD_SETTLE_MS);
    const phase = !progress.caughtUp ? 'replaying' : !settled ? 'settling' : 'ready';
    if (caughtUpAt !== rebuild.caughtUpAt)
      this.logger.info({ generation: building, total: progress.total }, 'rebuild caught up');
    await this.generations.meta().updateOne(
      { _id: GENERATIONS_ID, building },
      {
        $set: {
          'progress.applied': progress.applied,
          'progress.percent': progress.percent,
          'progress.lanes': progress.lanes,
          'progress.phase': phase,
          'progress.caughtUpAt': caughtUpAt,
          'progress.updatedAt': now.toISOString(),
        },
      },
    );
    if (settled && !rebuild.hold) await this.switchOver(doc, building);
  }

  /** The switch: reads move to the new generation in one write; the old one's consumers stop. */
  private async switchOver(doc: GenerationsDoc, building: string): Promise<void> {
    const now = new Date().toISOString();
    const switched = await this.generations.meta().updateOne(
      { _id: GENERATIONS_ID, active: doc.active, building },
      {
        $set: {
          active: building,
          building: null,
          retiring: doc.active,
          'progress.phase': 'switched',
          'progress.switchedAt': now,
          'progress.updatedAt': now,
        },
      },
    );
    if (switched.modifiedCount !== 1) return;
    this.logger.info({ active: building, retiring: doc.active }, 'rebuild switched: reads now come from it');
    await this.reconcile(await this.generations.state());
  }

  /**
   * Once no process runs the old generation's consumers any more (its groups are empty, a grace
   * period after the switch for reads already under way), its groups are deleted and its data dropped.
   */
  private async retire(doc: GenerationsDoc): Promise<void> {
    const retiring = doc.retiring;
    if (!retiring || this.running.has(retiring)) return;
    const now = new Date();
    // Retired by a switch, or by an abort (then it is the rebuild's own generation).
    const aborted = doc.progress?.generation === retiring;
    const switchedAt = Date.parse((aborted ? doc.progress?.abortedAt : doc.progress?.switchedAt) ?? '') || 0;
    await this.generations
      .meta()
      .updateOne({ _id: GENERATIONS_ID, retiring }, { $set: { 'progress.updatedAt': now.toISOString() } });
    if (now.getTime() - switchedAt < Math.max(1_000, 2 * this.config.GENERATION_POLL_MS)) return;
    const lanes = new Set([...(doc.progress?.targets ?? []).map((t) => t.group), ...this.lanes.keys()]);
    const groups = [...lanes].map((lane) => `${this.settings.topicPrefix}${groupIn(lane, retiring)}`);
    const admin = await this.connectedAdmin();
    const described = await admin.describeGroups(groups);
    if (described.groups.some((g) => g.members.length > 0)) return; // another process still runs them
    try {
      await admin.deleteGroups(groups);
    } catch (error) {
      const failed = (error as { groups?: { errorCode: number }[] }).groups;
      if (!failed) throw error;
      if (failed.some((g) => g.errorCode === NON_EMPTY_GROUP)) return;
      if (failed.some((g) => g.errorCode !== 0 && g.errorCode !== GROUP_ID_NOT_FOUND)) throw error;
    }
    await this.generations.drop(retiring);
    const droppedAt = new Date().toISOString();
    await this.generations.meta().updateOne(
      { _id: GENERATIONS_ID, retiring },
      {
        $set: {
          retiring: null,
          driver: null,
          'progress.phase': aborted ? 'aborted' : 'dropped',
          'progress.droppedAt': droppedAt,
          'progress.updatedAt': droppedAt,
        },
      },
    );
    this.logger.info({ generation: retiring }, 'retired generation dropped: its groups and its data');
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = null;
      throw error;
    });
    return this.admin;
  }
}

function running(doc: GenerationsDoc): DomainError {
  return new DomainError(
    'conflict',
    'rebuild.running',
    doc.building
      ? `a rebuild into ${doc.building} is running (${doc.progress?.percent ?? 0}%)`
      : `the rebuild into ${doc.active} is dropping ${doc.retiring ?? 'the old generation'}`,
  );
}

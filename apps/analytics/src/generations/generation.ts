/*
 * Generations of analytics' projections (ADR 0030): pure naming and progress arithmetic.
 *
 * A generation is a suffix. `g0` is what analytics always had: the database `<prefix>analytics` and
 * the consumer groups' own ids (`analytics.coverage`). `gN` (N ≥ 1) is the database
 * `<prefix>analytics_gN` and the groups `analytics.coverage@gN`, which read every topic from the
 * beginning the first time they start: that is a rebuild.
 */

export const BASE_GENERATION = 'g0';
const GENERATION = /^g(0|[1-9]\d{0,8})$/;

export function isGeneration(value: string): boolean {
  return GENERATION.test(value);
}

export function generationNumber(generation: string): number {
  if (!isGeneration(generation)) throw new Error(`not a generation: ${generation}`);
  return Number(generation.slice(1));
}

export const generationNamed = (n: number): string => `g${n}`;

/** The consumer group id of `group` (a lane) in `generation`: the group itself in g0. */
export function groupIn(group: string, generation: string): string {
  return generation === BASE_GENERATION ? group : `${group}@${generation}`;
}

/** The generation a consumer group id belongs to (`analytics.coverage@g2` → g2); g0 without a suffix. */
export function generationOfGroup(groupId: string | undefined): string {
  const at = groupId?.lastIndexOf('@') ?? -1;
  if (!groupId || at < 0) return BASE_GENERATION;
  const generation = groupId.slice(at + 1);
  if (!isGeneration(generation)) throw new Error(`consumer group ${groupId} names no generation`);
  return generation;
}

/** The lane (the group id of g0) of a consumer group id. */
export function laneOfGroup(groupId: string): string {
  const at = groupId.lastIndexOf('@');
  return at < 0 ? groupId : groupId.slice(0, at);
}

/** The database of `generation`: the service's own (`<prefix>analytics`) in g0. */
export function databaseOf(base: string, generation: string): string {
  return generation === BASE_GENERATION ? base : `${base}_${generation}`;
}

/** One partition a rebuilt lane must read: its offsets when the rebuild started. */
export interface PartitionTarget {
  /** The lane (g0 group id, no prefix). */
  group: string;
  /** The topic as the broker names it (prefix included). */
  topic: string;
  partition: number;
  /** The earliest offset still kept (retention may have removed older messages). */
  low: number;
  /** The end offset at the start: the next message to be written then. */
  high: number;
}

/** A consumer group's committed offsets: `topic` → `partition` → next offset to read (−1: nothing yet). */
export type Committed = Map<string, Map<number, number>>;

export interface LaneProgress {
  group: string;
  total: number;
  applied: number;
}

export interface Progress {
  /** Messages between the earliest kept offset and the end at the start, over every lane and partition. */
  total: number;
  /** Of those, the ones the new generation's groups have applied (committed). */
  applied: number;
  /** applied ÷ total, in percent with one decimal; 100 when there was nothing to read. */
  percent: number;
  /** Every partition read up to its end at the start. */
  caughtUp: boolean;
  lanes: LaneProgress[];
}

/** Messages of a partition read, from its committed offset (clamped to the partition's range at the start). */
export function appliedOf(target: PartitionTarget, committed: number | undefined): number {
  if (committed === undefined || committed < 0) return 0;
  return Math.max(0, Math.min(committed, target.high) - target.low);
}

/**
 * How far the new generation is: messages applied against the partitions' ends at the start. A message
 * of a type a lane ignores counts too (its offset is committed all the same), so the figure is exact.
 */
export function progressOf(targets: readonly PartitionTarget[], committed: Map<string, Committed>): Progress {
  const lanes = new Map<string, LaneProgress>();
  let caughtUp = true;
  for (const target of targets) {
    const size = Math.max(0, target.high - target.low);
    const offset = committed.get(target.group)?.get(target.topic)?.get(target.partition);
    const applied = appliedOf(target, offset);
    if (applied < size) caughtUp = false;
    const lane = lanes.get(target.group) ?? { group: target.group, total: 0, applied: 0 };
    lane.total += size;
    lane.applied += applied;
    lanes.set(target.group, lane);
  }
  const total = [...lanes.values()].reduce((n, l) => n + l.total, 0);
  const applied = [...lanes.values()].reduce((n, l) => n + l.applied, 0);
  return {
    total,
    applied,
    percent: total === 0 ? 100 : Math.floor((applied / total) * 1000) / 10,
    caughtUp,
    lanes: [...lanes.values()],
  };
}

/**
 * True when the new generation's groups have committed, on every partition, at least what the live
 * generation's groups had committed (read before): switching then shows nothing older than live did.
 */
export function notBehind(rebuilt: Map<string, Committed>, live: Map<string, Committed>): boolean {
  for (const [group, topics] of live)
    for (const [topic, partitions] of topics)
      for (const [partition, offset] of partitions)
        if (offset >= 0 && (rebuilt.get(group)?.get(topic)?.get(partition) ?? -1) < offset) return false;
  return true;
}

import type { Db } from 'mongodb';
import type { Generations } from '../generations/generations.js';
import { ProjectionWriter, type ProjectionFault } from './projection-writer.js';

/**
 * One lane's `ProjectionWriter` per generation (ADR 0030): the live generation's and, during a
 * rebuild, the new one's, each journaling in its own database. A generation's writer is kept while
 * the process writes there and forgotten when it is retired.
 */
export class GenerationalWriters {
  private readonly writers = new Map<string, ProjectionWriter>();

  constructor(
    private readonly generations: Generations,
    readonly lane: string,
    private readonly fault: ProjectionFault | null = null,
  ) {}

  /** The lane's database in `generation`. */
  db(generation: string): Db {
    return this.generations.laneDb(this.lane, generation);
  }

  writer(generation: string): ProjectionWriter {
    let writer = this.writers.get(generation);
    if (!writer) {
      writer = new ProjectionWriter(this.db(generation), this.lane, this.fault);
      this.writers.set(generation, writer);
    }
    return writer;
  }

  /** Finishes a plan a process that died left pending in `generation`, before anything is read there. */
  async recover(generation: string): Promise<void> {
    const writer = this.writer(generation);
    await writer.exclusive(() => writer.recover());
  }

  forget(generation: string): void {
    this.writers.delete(generation);
  }
}

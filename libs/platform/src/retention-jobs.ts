import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ServiceConfig } from './config.js';
import type { PruneCounts, PruneSignal } from './day-bucket-pruner.js';

/** One kind of entry a service prunes (its inbox, the gateway's sessions, the audit log…). */
export interface RetentionTask {
  name: string;
  /** Prunes what is past retention at `now`; stops between bulks once `signal.stopped()`. */
  run(now: Date, signal: PruneSignal): Promise<PruneCounts>;
}

export interface RetentionReport {
  task: string;
  counts: PruneCounts;
  tookMs: number;
  error?: string;
}

/** Delay before a process's first pass: after start-up, and spread so replicas do not prune at once. */
export function firstPassDelayMs(intervalMs: number, random = Math.random()): number {
  const base = Math.min(intervalMs, 5 * 60_000);
  return Math.round(base * (0.5 + random / 2));
}

/**
 * The service's pruning job: every registered task, one after another, every
 * `RETENTION_PRUNE_INTERVAL_MINUTES` in the background (unless
 * `RETENTION_PRUNING=off`), and at once on `runNow()`. Passes never overlap in
 * one process; each bulk deletes at most 24 entries, one bulk at a time, so the
 * service's own traffic always finds the store's pool free. Logs counts only.
 * Provided by `PlatformModule` to every service.
 */
export class RetentionJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly tasks: RetentionTask[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionReport[]> = Promise.resolve([]);
  private stopping = false;
  private readonly signal: PruneSignal = { stopped: () => this.stopping };

  constructor(
    private readonly config: Pick<ServiceConfig, 'RETENTION_PRUNING' | 'RETENTION_PRUNE_INTERVAL_MINUTES'>,
    private readonly logger: Logger,
  ) {}

  register(task: RetentionTask): void {
    if (this.tasks.some((t) => t.name === task.name)) throw new Error(`retention task ${task.name} twice`);
    this.tasks.push(task);
  }

  taskNames(): string[] {
    return this.tasks.map((t) => t.name);
  }

  onApplicationBootstrap(): void {
    if (this.config.RETENTION_PRUNING !== 'on') return;
    const intervalMs = this.config.RETENTION_PRUNE_INTERVAL_MINUTES * 60_000;
    this.schedule(firstPassDelayMs(intervalMs), intervalMs);
  }

  /** Lets a pass finish its bulk (it stops before the next); a store that hangs does not hold the shutdown. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  }

  /** One pass of every task now (after a pass in progress); for tests and operators. */
  runNow(now = new Date()): Promise<RetentionReport[]> {
    const next = this.running.then(() => this.pass(now));
    this.running = next;
    return next;
  }

  private schedule(delayMs: number, intervalMs: number): void {
    this.timer = setTimeout(() => {
      void this.runNow().finally(() => {
        if (!this.stopping) this.schedule(intervalMs, intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async pass(now: Date): Promise<RetentionReport[]> {
    const reports: RetentionReport[] = [];
    for (const task of this.tasks) {
      if (this.stopping) break;
      const started = Date.now();
      try {
        const counts = await task.run(now, this.signal);
        reports.push({ task: task.name, counts, tookMs: Date.now() - started });
        this.logger.info({ task: task.name, ...counts, tookMs: Date.now() - started }, 'retention pass');
      } catch (error) {
        // The next pass starts where this one stopped: nothing is lost by waiting.
        const message = error instanceof Error ? error.message : String(error);
        reports.push({ task: task.name, counts: {}, tookMs: Date.now() - started, error: message });
        this.logger.warn({ task: task.name, err: error }, 'retention pass failed; retried next pass');
      }
    }
    return reports;
  }
}

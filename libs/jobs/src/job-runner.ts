import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { classifyError } from '#anlao/messaging';
import { LOGGER } from '#anlao/platform';
import { failureOf } from './job-state.js';
import { JobSession } from './job-session.js';
import { JobStore } from './job.store.js';
import type { JobDocument, JobHandler } from './job.types.js';
import { JOBS_CONFIG, type JobsConfig } from './jobs.config.js';

/** A job taken from a dead runner this often without finishing is failed rather than retried for ever. */
export const MAX_RECOVERIES = 5;
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Runs the jobs of the kinds registered with it, one at a time per process: takes
 * a queued job or one whose lease ran out, works through it page by page saving
 * the checkpoint and counts after each, and ends it. Polls every `JOBS_POLL_MS`;
 * a submission in this process wakes it at once.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly handlers = new Map<string, JobHandler>();
  /** Names this process in leases: host, pid and a random part (pids repeat across containers). */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private started = false;
  private lastPrune = 0;

  constructor(
    private readonly store: JobStore,
    @Inject(JOBS_CONFIG) private readonly config: JobsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Called by the owning service (e.g. in `onModuleInit`) for each kind of job it runs. */
  register(handler: JobHandler): void {
    // Idempotent: a hybrid app (HTTP + event transport) runs the init hooks twice.
    const known = this.handlers.get(handler.kind);
    if (known && known !== handler) throw new Error(`two handlers for job kind ${handler.kind}`);
    this.handlers.set(handler.kind, handler);
  }

  onApplicationBootstrap(): void {
    if (this.config.JOBS_RUNNER !== 'on' || this.started) return;
    this.started = true;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  /** A job was submitted: look now rather than at the next poll. */
  wake(): void {
    if (this.config.JOBS_RUNNER !== 'on' || this.stopping) return;
    if (this.pass) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runPass(), delayMs);
  }

  private runPass(): Promise<void> {
    // One pass at a time: a wake during a pass makes it look again instead.
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopping && (await this.runNext()));
        } while (this.again && !this.stopping);
        await this.pruneNowAndThen();
      } catch (error) {
        this.logger.warn({ err: error }, 'job runner pass failed; it tries again at the next poll');
      } finally {
        this.pass = null;
        if (!this.stopping) this.schedule(this.config.JOBS_POLL_MS);
      }
    })();
    return this.pass;
  }

  private async runNext(): Promise<boolean> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return false;
    const job = await this.store.claimNext(kinds, this.owner, this.config.JOBS_LEASE_MS, new Date());
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  private async execute(claimed: JobDocument): Promise<void> {
    const handler = this.handlers.get(claimed.kind);
    if (!handler) return;
    const logger = this.logger.child({ jobId: claimed._id, kind: claimed.kind });
    const session = new JobSession(this.store, claimed, this.owner, this.config.JOBS_LEASE_MS, logger);
    logger.info(
      { attempts: claimed.attempts, resumedAt: claimed.checkpoint?.pages ?? 0 },
      claimed.checkpoint ? 'job resumed from its checkpoint' : 'job started',
    );
    try {
      if (claimed.recoveries > MAX_RECOVERIES) {
        await session.end('failed', {
          code: 'job.keeps-crashing',
          detail: `the job was taken over from a stopped runner ${claimed.recoveries} times`,
        });
        return;
      }
      await this.work(handler, session);
    } catch (error) {
      await this.stopOnError(session, error, logger);
    } finally {
      session.close();
      if (session.state.finishedAt) {
        logger.info({ status: session.state.status, counts: session.state.counts }, 'job ended');
        await this.dropInputs(session.state, logger);
      }
    }
  }

  /** The pages, from the checkpoint on; returns as soon as the job is no longer this runner's. */
  private async work(handler: JobHandler, session: JobSession): Promise<void> {
    const id = session.state._id;
    if (!session.state.checkpoint) {
      if (!(await session.started((await handler.start?.(session.job)) ?? {}))) return;
    }
    let cursor = session.state.checkpoint?.cursor ?? null;
    for (;;) {
      if (this.stopping) {
        await session.release();
        return;
      }
      if (await this.store.cancellationRequested(id)) {
        await session.end('cancelled');
        return;
      }
      const page = await handler.page(session.job, cursor);
      if (!(await session.progressed(page))) return;
      if (page.next === null) break;
      cursor = page.next;
    }
    await session.end('succeeded');
  }

  private async stopOnError(session: JobSession, error: unknown, logger: Logger): Promise<void> {
    if (classifyError(error) === 'infrastructure') {
      // The store or the broker is away: hand the job back; it resumes from its checkpoint.
      logger.warn({ err: error }, 'job paused by an infrastructure failure; it resumes from its checkpoint');
      await session.release().catch(() => undefined);
      return;
    }
    logger.error({ err: error }, 'job failed');
    await session.end('failed', failureOf(error)).catch((failure: unknown) => {
      logger.error({ err: failure }, 'a failed job could not be recorded; its lease will run out');
    });
  }

  private async dropInputs(job: JobDocument, logger: Logger): Promise<void> {
    if (job.inputChunks === 0) return;
    await this.store.dropInputs(job._id, job.inputChunks).catch((error: unknown) => {
      logger.warn({ err: error }, 'inputs of an ended job could not be dropped');
    });
  }

  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const before = new Date(Date.now() - this.config.JOBS_RETENTION_DAYS * 86_400_000);
    const pruned = await this.store.prune(before);
    if (pruned > 0) this.logger.info({ pruned }, 'finished jobs past retention pruned');
  }

  /** Called when a job ends outside the runner (cancelled while queued): its inputs go too. */
  async ended(job: JobDocument): Promise<void> {
    await this.dropInputs(job, this.logger.child({ jobId: job._id }));
  }
}

import type { Logger } from 'pino';
import { applyPage } from './job-state.js';
import type { JobStore } from './job.store.js';
import type { JobDocument, JobFailure, JobPage, RunningJob } from './job.types.js';

/**
 * One runner's hold on one job: its state in memory, every write of it, and the
 * lease's heartbeat. Writes go one after another through a single chain: the
 * embedded store applies a conditional update as read-then-write of the whole
 * document, so two writes of the same job in flight at once could undo each other.
 */
export class JobSession {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly heartbeat: NodeJS.Timeout;
  private lost = false;

  constructor(
    private readonly store: JobStore,
    public state: JobDocument,
    private readonly owner: string,
    private readonly leaseMs: number,
    private readonly logger: Logger,
  ) {
    // Renewed three times per lease: a slow page does not lose the job while its process lives.
    this.heartbeat = setInterval(() => void this.renew(), Math.max(250, Math.floor(leaseMs / 3)));
  }

  get job(): RunningJob {
    const s = this.state;
    return {
      id: s._id,
      kind: s.kind,
      params: s.params,
      result: s.result ?? {},
      requestedBy: s.requestedBy,
      requesterRole: s.requesterRole,
      scope: s.scope,
      correlationId: s.correlationId,
      inputChunks: s.inputChunks,
    };
  }

  /** False once a write found the job no longer held by this runner (cancelled, or taken over). */
  get holds(): boolean {
    return !this.lost;
  }

  private write<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private leaseUntil(): Date {
    return new Date(Date.now() + this.leaseMs);
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    try {
      if (!(await this.write(() => this.store.renew(this.state._id, this.owner, this.leaseUntil()))))
        this.lost = true;
    } catch (error) {
      // The next page's save will fail the same way; the lease simply runs out meanwhile.
      this.logger.warn({ err: error, jobId: this.state._id }, 'job lease could not be renewed');
    }
  }

  /** Saves the start: the total and the facts fixed for the whole run, with an empty checkpoint. */
  async started(start: { total?: number | null; result?: Record<string, unknown> }): Promise<boolean> {
    const now = new Date();
    this.state = {
      ...this.state,
      startedAt: this.state.startedAt ?? now,
      progress: { ...this.state.progress, total: start.total ?? this.state.progress.total },
      result: { ...this.state.result, ...start.result },
      checkpoint: { cursor: null, pages: 0 },
    };
    return this.saveState(now);
  }

  /** Adds a page's outcome and saves it with the checkpoint after it. */
  async progressed(page: JobPage): Promise<boolean> {
    this.state = applyPage(this.state, page);
    return this.saveState(new Date());
  }

  private async saveState(now: Date): Promise<boolean> {
    const saved = await this.write(() => this.store.save(this.state, this.owner, this.leaseUntil(), now));
    if (!saved) this.lost = true;
    return saved;
  }

  async end(status: 'succeeded' | 'failed' | 'cancelled', failure: JobFailure | null = null) {
    const now = new Date();
    const ended = await this.write(() => this.store.finish(this.state, this.owner, status, failure, now));
    if (ended) this.state = { ...this.state, status, failure, finishedAt: now, lease: null };
    else this.lost = true;
    return ended;
  }

  /** Back to the queue, checkpoint kept: the next runner to take it goes on from there. */
  release(): Promise<boolean> {
    return this.write(() => this.store.release(this.state._id, this.owner, new Date()));
  }

  close(): void {
    clearInterval(this.heartbeat);
  }
}

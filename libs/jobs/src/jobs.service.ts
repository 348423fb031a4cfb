import { Injectable } from '@nestjs/common';
import { assertMayWriteIn, assertVisible, scopeFilter, type Principal } from '#anlao/auth';
import { DomainError, pageOf, type Page, type PageQuery } from '#anlao/platform';
import { jobView, newJobId, submissionKey, isFinal } from './job-state.js';
import { JobRunner } from './job-runner.js';
import { JobStore } from './job.store.js';
import type { JobDocument, JobItemError, JobStatus, JobView } from './job.types.js';

export interface JobSubmission {
  kind: string;
  principal: Principal;
  /** What the job is about, shown to staff: ids and codes, never personal data. */
  params: Record<string, unknown>;
  /** What makes two submissions identical: `fingerprintOf(params)`, or of an uploaded file. */
  fingerprint: string;
  /** The caller's `Idempotency-Key` header, when it sent one. */
  idempotencyKey?: string;
  correlationId: string;
  /** Input slices to store beside the job before it can be taken (sealed by the caller). */
  inputs?: readonly string[];
  /** Known at submission: e.g. rows of a file refused before any work. */
  total?: number | null;
  done?: number;
  counts?: Record<string, number>;
  errors?: JobItemError[];
  errorsDropped?: number;
}

/** How many times a submission looks again when the job holding its key ended in between. */
const SUBMIT_ATTEMPTS = 4;

/**
 * Submitting, reading, listing and cancelling jobs. Scope: a job belongs to the
 * requester's org unit; staff see the jobs of their unit and below, and any other
 * job reads as not there (404).
 */
@Injectable()
export class JobsService {
  constructor(
    private readonly store: JobStore,
    private readonly runner: JobRunner,
  ) {}

  /**
   * Queues a job, or returns the job an identical submission started (`created: false`).
   * A caller's `Idempotency-Key` reused for a different request is a conflict.
   */
  async submit(s: JobSubmission): Promise<{ job: JobView; created: boolean }> {
    if (s.principal.kind !== 'staff') {
      throw new DomainError('forbidden', 'auth.role-forbidden', 'jobs are started by staff');
    }
    const { key, keyFromClient } = submissionKey({
      kind: s.kind,
      requestedBy: s.principal.subject,
      scope: s.principal.orgUnit,
      fingerprint: s.fingerprint,
      idempotencyKey: s.idempotencyKey,
    });
    for (let attempt = 0; attempt < SUBMIT_ATTEMPTS; attempt++) {
      const existing = await this.store.findByKey(key);
      if (existing) return { job: await this.view(sameRequest(existing, s.fingerprint)), created: false };
      const now = new Date();
      const job: JobDocument = {
        _id: newJobId(now),
        kind: s.kind,
        key,
        keyFromClient,
        fingerprint: s.fingerprint,
        requestedBy: s.principal.subject,
        requesterRole: s.principal.role,
        scope: s.principal.orgUnit,
        correlationId: s.correlationId,
        params: s.params,
        result: {},
        status: 'queued',
        progress: { done: s.done ?? 0, total: s.total ?? null },
        counts: s.counts ?? {},
        errors: s.errors ?? [],
        errorsDropped: s.errorsDropped ?? 0,
        checkpoint: null,
        lease: null,
        attempts: 0,
        recoveries: 0,
        inputChunks: s.inputs?.length ?? 0,
        failure: null,
        createdAt: now,
        startedAt: null,
        updatedAt: now,
        finishedAt: null,
      };
      // Inputs first: once the job is stored a runner may take it at once.
      if (s.inputs && s.inputs.length > 0) await this.store.putInputs(job._id, s.inputs);
      if (await this.store.insert(job)) {
        this.runner.wake();
        return { job: jobView(job), created: true };
      }
      await this.store.dropInputs(job._id, job.inputChunks);
    }
    throw new DomainError('conflict', 'job.busy', 'identical submissions kept racing; try again');
  }

  async get(principal: Principal, jobId: string): Promise<JobView> {
    return this.view(await this.visible(principal, jobId));
  }

  async list(
    principal: Principal,
    filter: { kind?: string; status?: JobStatus },
    page: PageQuery,
  ): Promise<Page<JobView>> {
    const jobs = await this.store.list(scopeFilter(principal, { orgUnit: 'scope' }), filter, page);
    return pageOf(
      jobs.map((j) => jobView(j)),
      page.limit ?? 100,
      (j) => j.jobId,
    );
  }

  /**
   * Asks a job to stop. A queued job is cancelled at once; a running one stops
   * before its next page (what its pages did stays done). A finished job is left as it is.
   */
  async cancel(principal: Principal, jobId: string): Promise<JobView> {
    const job = await this.visible(principal, jobId);
    assertMayWriteIn(principal, job.scope);
    if (isFinal(job.status)) return this.view(job);
    await this.store.requestCancellation(job._id, principal.subject, new Date());
    if (job.status === 'queued' && (await this.store.cancelQueued(job, new Date()))) {
      await this.runner.ended(job);
    }
    return this.view((await this.store.find(job._id)) ?? job);
  }

  private async visible(principal: Principal, jobId: string): Promise<JobDocument> {
    const job = await this.store.find(jobId);
    return assertVisible(principal, job ? { ...job, orgUnit: job.scope } : null, {
      code: 'job.not-found',
      detail: `no job ${jobId}`,
    });
  }

  private async view(job: JobDocument): Promise<JobView> {
    const cancelRequested = !isFinal(job.status) && (await this.store.cancellationRequested(job._id));
    return jobView(job, cancelRequested);
  }
}

function sameRequest(existing: JobDocument, fingerprint: string): JobDocument {
  if (existing.fingerprint !== fingerprint) {
    throw new DomainError(
      'conflict',
      'job.idempotency-key-reused',
      'this Idempotency-Key was used for a different request',
    );
  }
  return existing;
}

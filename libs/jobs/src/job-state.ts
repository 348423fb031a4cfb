import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '#anlao/platform';
import {
  MAX_ITEM_ERRORS,
  type JobDocument,
  type JobFailure,
  type JobItemError,
  type JobLease,
  type JobPage,
  type JobStatus,
  type JobView,
} from './job.types.js';

/** `job-` + the time in base 36 + randomness: ids sort by submission time, so `_id` paging lists oldest first. */
export function newJobId(now = new Date(), random = randomBytes(5).toString('hex')): string {
  return `job-${now.getTime().toString(36).padStart(9, '0')}${random}`;
}

export interface SubmissionIdentity {
  kind: string;
  requestedBy: string;
  scope: string;
  fingerprint: string;
  idempotencyKey?: string;
}

/**
 * What makes two submissions the same job. With an `Idempotency-Key` it is the key
 * of that caller, for good (a retry after a timeout finds its job whatever became of
 * it). Without one it is the kind and parameters within the requester's unit, held
 * only while the job is queued or running: a second identical run is then refused
 * its own job, and a later one (a month's late registrants, a rule set published
 * since) runs again, which the idempotent items make harmless.
 */
export function submissionKey(s: SubmissionIdentity): { key: string; keyFromClient: boolean } {
  const raw = s.idempotencyKey
    ? `${s.kind}|by:${s.requestedBy}|key:${s.idempotencyKey}`
    : `${s.kind}|in:${s.scope}|params:${s.fingerprint}`;
  return { key: createHash('sha256').update(raw).digest('base64url'), keyFromClient: !!s.idempotencyKey };
}

/** A stable digest of a submission's parameters (or of an uploaded file). */
export function fingerprintOf(value: unknown): string {
  const text = typeof value === 'string' ? value : stableJson(value);
  return createHash('sha256').update(text).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The key a finished job keeps: a parameter key is let go, so the next identical submission runs anew. */
export function finalKey(job: Pick<JobDocument, '_id' | 'key' | 'keyFromClient'>): string {
  return job.keyFromClient ? job.key : `${job.key}#${job._id}`;
}

export function addCounts(
  into: Record<string, number>,
  more: Record<string, number> | undefined,
): Record<string, number> {
  const out = { ...into };
  for (const [name, n] of Object.entries(more ?? {})) out[name] = (out[name] ?? 0) + n;
  return out;
}

/** Keeps the first `max` item errors; the rest are only counted. */
export function capErrors(
  kept: readonly JobItemError[],
  dropped: number,
  added: readonly JobItemError[],
  max = MAX_ITEM_ERRORS,
): { errors: JobItemError[]; errorsDropped: number } {
  const room = Math.max(0, max - kept.length);
  return {
    errors: [...kept, ...added.slice(0, room)],
    errorsDropped: dropped + Math.max(0, added.length - room),
  };
}

export type JobProgressState = Pick<
  JobDocument,
  'progress' | 'counts' | 'errors' | 'errorsDropped' | 'checkpoint'
>;

/** The job after one page: counts and errors added, the checkpoint moved past the page. */
export function applyPage<T extends JobProgressState>(job: T, page: JobPage): T {
  const done = job.progress.done + page.done;
  const total = job.progress.total;
  return {
    ...job,
    ...capErrors(job.errors, job.errorsDropped, page.errors ?? []),
    // A total counted at the start can fall behind records added since: never show more done than total.
    progress: { done, total: total === null ? null : Math.max(total, done) },
    counts: addCounts(job.counts, page.counts),
    checkpoint: { cursor: page.next, pages: (job.checkpoint?.pages ?? 0) + 1 },
  };
}

/** A running job whose holder stopped renewing its lease: its process died or lost the store. */
export function leaseExpired(lease: JobLease | null, now: Date): boolean {
  return !lease || new Date(lease.until).getTime() <= now.getTime();
}

/** Which of the listed jobs a runner may take now, abandoned ones first (they are the oldest work). */
export function claimable(
  candidates: readonly Pick<JobDocument, '_id' | 'kind' | 'status' | 'lease'>[],
  kinds: readonly string[],
  now: Date,
): Pick<JobDocument, '_id' | 'kind' | 'status' | 'lease'>[] {
  const ours = candidates.filter((c) => kinds.includes(c.kind));
  const abandoned = ours.filter((c) => c.status === 'running' && leaseExpired(c.lease, now));
  const queued = ours.filter((c) => c.status === 'queued');
  const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
  return [...abandoned.sort(byId), ...queued.sort(byId)];
}

/** What a failed job says: a domain error's code and detail; anything else only that it was unexpected. */
export function failureOf(error: unknown): JobFailure {
  if (error instanceof DomainError) return { code: error.code, detail: error.detail };
  return {
    code: 'job.internal-error',
    detail: 'an unexpected error stopped the job; the service log has the details',
  };
}

export function isFinal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : new Date(d).toISOString();

export function jobView(job: JobDocument, cancelRequested = false): JobView {
  return {
    jobId: job._id,
    kind: job.kind,
    status: job.status,
    requestedBy: job.requestedBy,
    scope: job.scope,
    params: job.params,
    result: job.result ?? {},
    progress: job.progress,
    counts: job.counts,
    errors: job.errors,
    errorsDropped: job.errorsDropped,
    attempts: job.attempts,
    failure: job.failure,
    cancelRequested: cancelRequested && !isFinal(job.status),
    createdAt: iso(job.createdAt) ?? '',
    startedAt: iso(job.startedAt),
    updatedAt: iso(job.updatedAt) ?? '',
    finishedAt: iso(job.finishedAt),
  };
}

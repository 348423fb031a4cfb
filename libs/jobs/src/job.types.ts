/** Where a job is in its life; the last three are final. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Items a page handles: the size every handler pages by, unless it has a reason not to. */
export const JOB_PAGE_SIZE = 100;
/** Per-item errors a job keeps; beyond them it only counts (`errorsDropped`). */
export const MAX_ITEM_ERRORS = 500;

/**
 * One item that could not be done. `item` names it by an id or a line (`r-…`,
 * `line:12`), `detail` says why in codes and field names: never a name, an ID
 * number or any other personal value.
 */
export interface JobItemError {
  item: string;
  code: string;
  detail: string;
}

/** Why a whole job failed (not an item): a stable code and a detail free of personal data. */
export interface JobFailure {
  code: string;
  detail: string;
}

/** Who holds a running job, until when. Renewed while it runs; an expired lease means its process died. */
export interface JobLease {
  owner: string;
  until: Date;
}

/** Where a resumed job goes on: the cursor after the last page whose effects and counts were saved. */
export interface JobCheckpoint {
  cursor: string | null;
  pages: number;
}

/** The stored job (collection `jobs` of the owning service's database). */
export interface JobDocument {
  _id: string;
  kind: string;
  /** Identical submissions find the job by this key while it holds it (see `submissionKey`). */
  key: string;
  /** A caller's `Idempotency-Key` is kept for good; a key made from the parameters is let go at the end. */
  keyFromClient: boolean;
  /** What the submission was (parameters or a hash of the uploaded file): a reused client key must match it. */
  fingerprint: string;
  requestedBy: string;
  requesterRole: string;
  /** The requester's org-unit path: who may see the job. */
  scope: string;
  correlationId: string;
  params: Record<string, unknown>;
  /** Facts a handler fixed when the job started (e.g. the rule-set version), so a resumed job keeps them. */
  result: Record<string, unknown>;
  status: JobStatus;
  progress: { done: number; total: number | null };
  counts: Record<string, number>;
  errors: JobItemError[];
  errorsDropped: number;
  checkpoint: JobCheckpoint | null;
  lease: JobLease | null;
  /** Times a runner took the job; `recoveries` of them took it from a runner whose lease had run out. */
  attempts: number;
  recoveries: number;
  /** Chunks of input stored beside the job (`job_inputs`), dropped when it ends. */
  inputChunks: number;
  failure: JobFailure | null;
  createdAt: Date;
  startedAt: Date | null;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** What the API shows of a job. */
export interface JobView {
  jobId: string;
  kind: string;
  status: JobStatus;
  requestedBy: string;
  scope: string;
  params: Record<string, unknown>;
  result: Record<string, unknown>;
  progress: { done: number; total: number | null };
  counts: Record<string, number>;
  errors: JobItemError[];
  errorsDropped: number;
  attempts: number;
  failure: JobFailure | null;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  finishedAt: string | null;
}

/** What a handler sees of the job it works on. */
export interface RunningJob {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  result: Record<string, unknown>;
  requestedBy: string;
  requesterRole: string;
  scope: string;
  correlationId: string;
  inputChunks: number;
}

/** One page of work: how many items it handled, what became of them, and where the next page starts. */
export interface JobPage {
  done: number;
  counts?: Record<string, number>;
  errors?: JobItemError[];
  /** null: this was the last page. */
  next: string | null;
}

/**
 * The work of one kind of job. `page` must be safe to run again from the same
 * cursor: a process that dies after a page's effects and before its checkpoint
 * was saved leaves that page to be redone, so each item's effect is idempotent.
 */
export interface JobHandler {
  readonly kind: string;
  /** Once, before the first page (never again on resume): the total, and facts to fix for the whole run. */
  start?(job: RunningJob): Promise<{ total?: number | null; result?: Record<string, unknown> }>;
  page(job: RunningJob, cursor: string | null): Promise<JobPage>;
}

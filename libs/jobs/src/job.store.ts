import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { ScopedFilter } from '#anlao/auth';
import { isDuplicateKey } from '#anlao/messaging';
import { chunksOf, inParallel, pageWindow, type PageQuery } from '#anlao/platform';
import { claimable, finalKey } from './job-state.js';
import { Job, JobCancellation, JobInput } from './job.schema.js';
import { FINAL_STATUSES, type JobDocument, type JobFailure, type JobStatus } from './job.types.js';

/** Look-ups and deletes by `_id` in flight at once: well under the store's connection pool. */
const CONCURRENCY = 8;
/** Queued jobs a runner looks at per pass: it takes one, and comes back for the next. */
const QUEUED_WINDOW = 50;

const inputId = (jobId: string, index: number) => `${jobId}:${String(index).padStart(6, '0')}`;

/**
 * The jobs collection and its two companions. Every write of a running job is
 * conditional on `_id` and the lease owner, so a runner that lost its lease
 * (it was too slow, or the job was taken over) learns it at its next write.
 */
@Injectable()
export class JobStore {
  constructor(
    @InjectModel(Job.name) private readonly jobs: Model<Job>,
    @InjectModel(JobInput.name) private readonly inputs: Model<JobInput>,
    @InjectModel(JobCancellation.name) private readonly cancellations: Model<JobCancellation>,
  ) {}

  find(id: string): Promise<JobDocument | null> {
    return this.jobs.findById(id).lean<JobDocument>().exec();
  }

  findByKey(key: string): Promise<JobDocument | null> {
    return this.jobs.findOne({ key }).lean<JobDocument>().exec();
  }

  /** Stores a new job; false when a job holds its key already (the unique index decides a race). */
  async insert(job: JobDocument): Promise<boolean> {
    try {
      await this.jobs.create(job);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  list(
    scope: ScopedFilter,
    filter: { kind?: string; status?: JobStatus },
    page: PageQuery,
  ): Promise<JobDocument[]> {
    const { idAfter, limit } = pageWindow(page);
    const query: Record<string, unknown> = { ...scope, ...idAfter };
    if (filter.kind) query.kind = filter.kind;
    if (filter.status) query.status = filter.status;
    return this.jobs.find(query).sort({ _id: 1 }).limit(limit).lean<JobDocument[]>().exec();
  }

  /**
   * Takes the next job of one of `kinds`: a running one whose lease has run out (its
   * process died; it resumes from its checkpoint) or else the oldest queued one. The
   * take is a conditional update on `_id` and the state that was read, so of two
   * runners only one gets it.
   */
  async claimNext(kinds: readonly string[], owner: string, leaseMs: number, now: Date) {
    const fields = { _id: 1, kind: 1, status: 1, lease: 1 };
    const running = await this.jobs.find({ status: 'running' }, fields).lean<JobDocument[]>().exec();
    const queued = await this.jobs
      .find({ status: 'queued' }, fields)
      .sort({ _id: 1 })
      .limit(QUEUED_WINDOW)
      .lean<JobDocument[]>()
      .exec();
    for (const candidate of claimable([...running, ...queued], kinds, now)) {
      const abandoned = candidate.status === 'running';
      const claimed = await this.jobs
        .findOneAndUpdate(
          abandoned
            ? { _id: candidate._id, status: 'running', 'lease.until': { $lte: now } }
            : { _id: candidate._id, status: 'queued' },
          {
            $set: {
              status: 'running',
              lease: { owner, until: new Date(now.getTime() + leaseMs) },
              updatedAt: now,
            },
            $inc: { attempts: 1, recoveries: abandoned ? 1 : 0 },
          },
          { returnDocument: 'after' },
        )
        .lean<JobDocument>()
        .exec();
      if (claimed && claimed.lease?.owner === owner) return claimed;
    }
    return null;
  }

  /** Saves a page's outcome and renews the lease; false when this runner no longer holds the job. */
  async save(
    job: Pick<
      JobDocument,
      '_id' | 'progress' | 'counts' | 'errors' | 'errorsDropped' | 'checkpoint' | 'result' | 'startedAt'
    >,
    owner: string,
    leaseUntil: Date,
    now: Date,
  ): Promise<boolean> {
    const result = await this.jobs
      .updateOne(
        { _id: job._id, status: 'running', 'lease.owner': owner },
        {
          $set: {
            progress: job.progress,
            counts: job.counts,
            errors: job.errors,
            errorsDropped: job.errorsDropped,
            checkpoint: job.checkpoint,
            result: job.result,
            startedAt: job.startedAt,
            lease: { owner, until: leaseUntil },
            updatedAt: now,
          },
        },
      )
      .exec();
    return result.matchedCount === 1;
  }

  async renew(id: string, owner: string, leaseUntil: Date): Promise<boolean> {
    const result = await this.jobs
      .updateOne(
        { _id: id, status: 'running', 'lease.owner': owner },
        { $set: { 'lease.until': leaseUntil } },
      )
      .exec();
    return result.matchedCount === 1;
  }

  /** Ends a job this runner holds, letting a parameter key go (see `finalKey`). */
  async finish(
    job: JobDocument,
    owner: string,
    status: Extract<JobStatus, 'succeeded' | 'failed' | 'cancelled'>,
    failure: JobFailure | null,
    now: Date,
  ): Promise<boolean> {
    const result = await this.jobs
      .updateOne(
        { _id: job._id, status: 'running', 'lease.owner': owner },
        {
          $set: {
            status,
            failure,
            key: finalKey(job),
            progress: job.progress,
            counts: job.counts,
            errors: job.errors,
            errorsDropped: job.errorsDropped,
            checkpoint: job.checkpoint,
            result: job.result,
            lease: null,
            updatedAt: now,
            finishedAt: now,
          },
        },
      )
      .exec();
    return result.matchedCount === 1;
  }

  /** Hands a job back to the queue with its checkpoint (a process shutting down, or a store outage). */
  async release(id: string, owner: string, now: Date): Promise<boolean> {
    const result = await this.jobs
      .updateOne(
        { _id: id, status: 'running', 'lease.owner': owner },
        { $set: { status: 'queued', lease: null, updatedAt: now } },
      )
      .exec();
    return result.matchedCount === 1;
  }

  /** Cancels a job nobody runs yet; false when a runner has it (it sees the request before its next page). */
  async cancelQueued(job: JobDocument, now: Date): Promise<boolean> {
    const result = await this.jobs
      .updateOne(
        { _id: job._id, status: 'queued' },
        {
          $set: { status: 'cancelled', key: finalKey(job), lease: null, updatedAt: now, finishedAt: now },
        },
      )
      .exec();
    return result.matchedCount === 1;
  }

  async requestCancellation(id: string, requestedBy: string, now: Date): Promise<void> {
    await this.cancellations
      .updateOne({ _id: id }, { $setOnInsert: { requestedBy, at: now } }, { upsert: true })
      .exec();
  }

  async cancellationRequested(id: string): Promise<boolean> {
    return (await this.cancellations.findById(id, { _id: 1 }).lean().exec()) !== null;
  }

  /** Stores a job's input slices, a few at a time (bulk writes stay small on the embedded store). */
  async putInputs(jobId: string, chunks: readonly string[]): Promise<void> {
    const docs = chunks.map((data, index) => ({ _id: inputId(jobId, index), data }));
    for (const slice of chunksOf(docs, 20)) await this.inputs.insertMany(slice, { lean: true });
  }

  async input(jobId: string, index: number): Promise<string | null> {
    const doc = await this.inputs.findById(inputId(jobId, index)).lean<JobInput>().exec();
    return doc?.data ?? null;
  }

  /** Drops a job's input slices, one `_id` at a time (a `$in` would scan the collection on FerretDB). */
  async dropInputs(jobId: string, count: number): Promise<void> {
    const ids = Array.from({ length: count }, (_, i) => inputId(jobId, i));
    await inParallel(ids, CONCURRENCY, (id) => this.inputs.deleteOne({ _id: id }).exec());
  }

  /** Deletes finished jobs that ended before `before`, with their cancellation requests. */
  async prune(before: Date): Promise<number> {
    let pruned = 0;
    for (const status of FINAL_STATUSES) {
      const ended = await this.jobs
        .find({ status }, { _id: 1, finishedAt: 1 })
        .lean<Pick<JobDocument, '_id' | 'finishedAt'>[]>()
        .exec();
      const old = ended.filter((j) => j.finishedAt && new Date(j.finishedAt) < before).map((j) => j._id);
      await inParallel(old, CONCURRENCY, async (id) => {
        await this.jobs.deleteOne({ _id: id }).exec();
        await this.cancellations.deleteOne({ _id: id }).exec();
      });
      pruned += old.length;
    }
    return pruned;
  }
}

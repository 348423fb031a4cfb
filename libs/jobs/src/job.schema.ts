import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { JobCheckpoint, JobFailure, JobItemError, JobLease, JobStatus } from './job.types.js';

/**
 * A background job, in the database of the service that owns its work. The
 * collection stays small (a job per run, not per item; pruned after retention), and
 * every write of a running job is one conditional update by `_id` from the one
 * runner holding its lease.
 */
@Schema({ collection: 'jobs', versionKey: false })
export class Job {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) kind!: string;
  @Prop({ type: String, required: true }) key!: string;
  @Prop({ type: Boolean, required: true }) keyFromClient!: boolean;
  @Prop({ type: String, required: true }) fingerprint!: string;
  @Prop({ type: String, required: true }) requestedBy!: string;
  @Prop({ type: String, required: true }) requesterRole!: string;
  @Prop({ type: String, required: true }) scope!: string;
  @Prop({ type: String, required: true }) correlationId!: string;
  @Prop({ type: Object, required: true }) params!: Record<string, unknown>;
  @Prop({ type: Object, default: {} }) result!: Record<string, unknown>;
  @Prop({ type: String, required: true }) status!: JobStatus;
  @Prop({ type: Object, required: true }) progress!: { done: number; total: number | null };
  @Prop({ type: Object, required: true }) counts!: Record<string, number>;
  @Prop({ type: [Object], default: [] }) errors!: JobItemError[];
  @Prop({ type: Number, default: 0 }) errorsDropped!: number;
  @Prop({ type: Object, default: null }) checkpoint!: JobCheckpoint | null;
  @Prop({ type: Object, default: null }) lease!: JobLease | null;
  @Prop({ type: Number, default: 0 }) attempts!: number;
  @Prop({ type: Number, default: 0 }) recoveries!: number;
  @Prop({ type: Number, default: 0 }) inputChunks!: number;
  @Prop({ type: Object, default: null }) failure!: JobFailure | null;
  @Prop({ type: Date, required: true }) createdAt!: Date;
  @Prop({ type: Date, default: null }) startedAt!: Date | null;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
  @Prop({ type: Date, default: null }) finishedAt!: Date | null;
}

export const JobSchema = SchemaFactory.createForClass(Job);
// Serves the identical-submission look-up, findOne({ key }); unique, so the store decides a race.
JobSchema.index({ key: 1 }, { unique: true });
// Serves the runner's find({ status: 'queued' | 'running' }) and the pruning of finished jobs.
JobSchema.index({ status: 1 });
// Serves staff lists: find({ scope: /^prefix/, kind?, status? }).sort({ _id: 1 }).
JobSchema.index({ scope: 1, _id: 1 });

/**
 * A slice of a job's input (e.g. a page of an uploaded file), `_id = <jobId>:<index>`,
 * stored before the job is queued and dropped when it ends. Opaque to this library:
 * the owning service seals what it puts here.
 */
@Schema({ collection: 'job_inputs', versionKey: false })
export class JobInput {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) data!: string;
}

export const JobInputSchema = SchemaFactory.createForClass(JobInput);

/**
 * A request to cancel a job, `_id = jobId`. Apart from the job itself so that it never
 * races the runner's writes of the job document: the runner reads it before each page.
 */
@Schema({ collection: 'job_cancellations', versionKey: false })
export class JobCancellation {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) requestedBy!: string;
  @Prop({ type: Date, required: true }) at!: Date;
}

export const JobCancellationSchema = SchemaFactory.createForClass(JobCancellation);

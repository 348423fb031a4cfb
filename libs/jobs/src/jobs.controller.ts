import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, MANAGING_STAFF, type Principal } from '#anlao/auth';
import { DomainError, PageQuery, type Page } from '#anlao/platform';
import { JOB_STATUSES, type JobStatus, type JobView } from './job.types.js';
import { JobsService } from './jobs.service.js';

const JOB_ID = /^job-[a-z0-9]{1,40}$/;

export class ListJobsQuery extends PageQuery {
  @ApiProperty({ required: false, example: 'wallets.credit-run' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9.-]{0,60}$/, { message: 'kind must be a job kind such as wallets.credit-run' })
  kind?: string;

  @ApiProperty({ required: false, enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}

export function parseJobId(id: string): string {
  if (!JOB_ID.test(id)) {
    throw new DomainError('invalid', 'job.invalid-id', 'not a job id', [
      { field: 'jobId', message: 'job-…' },
    ]);
  }
  return id;
}

/** The `Idempotency-Key` header of a route that submits a job, for `@ApiHeader`. */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'a retry with the same key returns the job the first call started, whatever became of it',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$' },
} as const;

/** The caller's `Idempotency-Key`: absent, or 1-100 characters of A-Z a-z 0-9 _ . : - */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(value)) {
    throw new DomainError('invalid', 'job.invalid-idempotency-key', 'the Idempotency-Key is not valid', [
      { field: 'Idempotency-Key', message: '1-100 characters of A-Z a-z 0-9 _ . : -' },
    ]);
  }
  return value;
}

/**
 * `202 Accepted` for a submitted job, with `Location: /jobs/<id>`. Behind the gateway
 * the proxy puts its `/api/<service>` prefix in front of a Location path, as it does
 * for every path the service answers with.
 */
export function acceptJob(reply: FastifyReply, job: JobView): JobView {
  void reply.status(202).header('location', `/jobs/${job.jobId}`);
  return job;
}

/** Every service that runs jobs answers about them here (`/jobs`, through the gateway `/api/<service>/jobs`). */
@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Jobs of the caller's unit and below, oldest first, by cursor (`after` = `next` of the previous page). */
  @Get()
  @Access('read', ...ALL_STAFF)
  @ApiOkResponse({ description: '{ items: Job[], next }' })
  list(@CurrentPrincipal() p: Principal, @Query() q: ListJobsQuery): Promise<Page<JobView>> {
    return this.jobs.list(p, { kind: q.kind, status: q.status }, { after: q.after, limit: q.limit });
  }

  /** Status, progress, counts and per-item errors; a job of another unit reads as not there (404). */
  @Get(':jobId')
  @Access('read', ...ALL_STAFF)
  get(@CurrentPrincipal() p: Principal, @Param('jobId') id: string): Promise<JobView> {
    return this.jobs.get(p, parseJobId(id));
  }

  /** Stops a queued job at once, a running one before its next page; what was done stays done. */
  @Post(':jobId/cancel')
  @Access('admin', ...MANAGING_STAFF)
  @HttpCode(200)
  cancel(@CurrentPrincipal() p: Principal, @Param('jobId') id: string): Promise<JobView> {
    return this.jobs.cancel(p, parseJobId(id));
  }
}

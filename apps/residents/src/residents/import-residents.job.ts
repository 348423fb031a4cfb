import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Principal, StaffRole } from '#anlao/auth';
import {
  capErrors,
  fingerprintOf,
  JobRunner,
  JobsService,
  JobStore,
  type JobHandler,
  type JobPage,
  type JobView,
  type RunningJob,
} from '#anlao/jobs';
import { MessagingRuntime } from '#anlao/messaging';
import { DomainError } from '#anlao/platform';
import { ImportResidentsUseCase } from './import-residents.usecase.js';

export const RESIDENT_IMPORT = 'residents.import';

/**
 * A CSV import of residents as a background job: `POST /residents/import` checks the
 * file and queues it (202); its valid rows, sealed, wait beside the job in pages of
 * 100 and are dropped when it ends. Counts: `imported`, `existing`, `rejected`; each
 * rejected line is an item error (`line:<n>`, code, reasons: never the row's values).
 */
@Injectable()
export class ImportResidentsJob implements JobHandler, OnModuleInit {
  readonly kind = RESIDENT_IMPORT;

  constructor(
    private readonly runner: JobRunner,
    private readonly jobs: JobsService,
    private readonly store: JobStore,
    private readonly imports: ImportResidentsUseCase,
    private readonly messaging: MessagingRuntime,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async submit(
    principal: Principal,
    text: string,
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<JobView> {
    const prepared = this.imports.prepare(text);
    const { errors, errorsDropped } = capErrors([], 0, prepared.rejected);
    const { job } = await this.jobs.submit({
      kind: RESIDENT_IMPORT,
      principal,
      params: { lines: prepared.lines },
      // The same file from the same unit: the same import.
      fingerprint: fingerprintOf(text),
      idempotencyKey,
      correlationId,
      inputs: prepared.chunks,
      total: prepared.lines,
      done: prepared.rejected.length,
      counts: { imported: 0, existing: 0, rejected: prepared.rejected.length },
      errors,
      errorsDropped,
    });
    return job;
  }

  async page(job: RunningJob, cursor: string | null): Promise<JobPage> {
    const index = cursor === null ? 0 : Number(cursor);
    if (index >= job.inputChunks) return { done: 0, next: null };
    const chunk = await this.store.input(job.id, index);
    if (chunk === null) {
      throw new DomainError('unprocessable', 'job.input-missing', `page ${index} of the import is missing`);
    }
    const rows = this.imports.unseal(chunk);
    const outcome = await this.imports.importPage(requester(job), rows, job.id, job.correlationId);
    this.messaging.notifyRelays();
    return {
      done: rows.length,
      ...outcome,
      next: index + 1 < job.inputChunks ? String(index + 1) : null,
    };
  }
}

/** The requester as the job acts for them: the unit and role checked when the file was accepted. */
function requester(job: RunningJob): Principal {
  return {
    kind: 'staff',
    subject: job.requestedBy,
    role: job.requesterRole as StaffRole,
    orgUnit: job.scope,
    version: 1,
    tokenId: job.id,
  };
}

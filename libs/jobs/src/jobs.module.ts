import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CONFIG, type ServiceConfig } from '#anlao/platform';
import { JobRunner } from './job-runner.js';
import {
  Job,
  JobCancellation,
  JobCancellationSchema,
  JobInput,
  JobInputSchema,
  JobSchema,
} from './job.schema.js';
import { JobStore } from './job.store.js';
import { JOBS_CONFIG, jobsConfigOf } from './jobs.config.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

/**
 * Background jobs for a service: the `jobs`, `job_inputs` and `job_cancellations`
 * collections in its own database, the runner, and `GET /jobs`, `GET /jobs/:jobId`,
 * `POST /jobs/:jobId/cancel`. The service registers a handler per kind with
 * `JobRunner.register` and submits through `JobsService.submit`.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(): DynamicModule {
    return {
      module: JobsModule,
      imports: [
        MongooseModule.forFeature([
          { name: Job.name, schema: JobSchema },
          { name: JobInput.name, schema: JobInputSchema },
          { name: JobCancellation.name, schema: JobCancellationSchema },
        ]),
      ],
      controllers: [JobsController],
      providers: [
        {
          provide: JOBS_CONFIG,
          inject: [CONFIG],
          useFactory: (config: ServiceConfig) => jobsConfigOf(config),
        },
        JobStore,
        JobRunner,
        JobsService,
      ],
      exports: [JOBS_CONFIG, JobStore, JobRunner, JobsService],
    };
  }
}

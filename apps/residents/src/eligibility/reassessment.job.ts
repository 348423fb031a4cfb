import { Injectable, type OnModuleInit } from '@nestjs/common';
import { assertCityLevel, type Principal } from '#anlao/auth';
import {
  fingerprintOf,
  JOB_PAGE_SIZE,
  JobRunner,
  JobsService,
  type JobHandler,
  type JobPage,
  type JobView,
  type RunningJob,
} from '#anlao/jobs';
import { MessagingRuntime } from '#anlao/messaging';
import { EligibilityService } from './eligibility.service.js';
import { ruleSetByVersion } from './fixed-rule-set.js';
import { ReassessResidentsUseCase, type ReassessmentTrigger } from './reassess-residents.usecase.js';

export const REASSESSMENT = 'eligibility.reassessment';

/**
 * The eligibility reassessment of a day as a background job: residents whose age
 * changes that day, or everyone when a rule set takes effect that day (the rule-set
 * reassessment). The rule set and the trigger are fixed when the job starts.
 */
@Injectable()
export class ReassessmentJob implements JobHandler, OnModuleInit {
  readonly kind = REASSESSMENT;

  constructor(
    private readonly runner: JobRunner,
    private readonly jobs: JobsService,
    private readonly reassess: ReassessResidentsUseCase,
    private readonly eligibility: EligibilityService,
    private readonly messaging: MessagingRuntime,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async submit(
    principal: Principal,
    date: string,
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<JobView> {
    assertCityLevel(principal);
    const { job } = await this.jobs.submit({
      kind: REASSESSMENT,
      principal,
      params: { date },
      fingerprint: fingerprintOf({ date }),
      idempotencyKey,
      correlationId,
    });
    return job;
  }

  async start(job: RunningJob): Promise<{ total: number; result: Record<string, unknown> }> {
    const plan = await this.reassess.plan(String(job.params.date));
    return { total: plan.total, result: { ruleSetVersion: plan.ruleSet.version, trigger: plan.trigger } };
  }

  async page(job: RunningJob, cursor: string | null): Promise<JobPage> {
    const date = String(job.params.date);
    const page = await this.reassess.page(
      {
        date,
        ruleSet: await ruleSetByVersion(this.eligibility, job.result.ruleSetVersion, date),
        trigger: job.result.trigger === 'rule-set' ? 'rule-set' : ('age' satisfies ReassessmentTrigger),
        correlationId: job.correlationId,
      },
      cursor,
      JOB_PAGE_SIZE,
    );
    this.messaging.notifyRelays();
    return page;
  }
}

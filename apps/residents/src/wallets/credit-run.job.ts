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
import { EligibilityService } from '../eligibility/eligibility.service.js';
import { ruleSetByVersion } from '../eligibility/fixed-rule-set.js';
import { RegistryUseCase } from '../residents/registry.usecase.js';
import { assertMonth, lastDayOf } from './credit-month.js';
import { WalletsUseCase } from './wallets.usecase.js';

export const CREDIT_RUN = 'wallets.credit-run';

interface CreditRunParams {
  month: string;
  asOf: string;
}

/**
 * The monthly credit run as a background job: `POST /wallets/credit-runs` queues it
 * (202), the runner credits the month page by page. Each resident's credit is keyed
 * by the month in the wallet's ledger, so a redone page and a second run credit
 * nobody twice; entries carry the run's id, so a resumed run still counts its own
 * credits as `credited`.
 */
@Injectable()
export class CreditRunJob implements JobHandler, OnModuleInit {
  readonly kind = CREDIT_RUN;

  constructor(
    private readonly runner: JobRunner,
    private readonly jobs: JobsService,
    private readonly wallets: WalletsUseCase,
    private readonly eligibility: EligibilityService,
    private readonly registry: RegistryUseCase,
    private readonly messaging: MessagingRuntime,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  /**
   * Queues the run for `month`; the amounts are those of the rule set in force on the
   * month's last day, or on the day of submission for the current month.
   */
  async submit(
    principal: Principal,
    month: string,
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<JobView> {
    assertCityLevel(principal);
    const today = this.registry.today();
    assertMonth(month, today);
    const lastDay = lastDayOf(month);
    const params: CreditRunParams = { month, asOf: lastDay < today ? lastDay : today };
    const { job } = await this.jobs.submit({
      kind: CREDIT_RUN,
      principal,
      params: { ...params },
      fingerprint: fingerprintOf({ month }),
      idempotencyKey,
      correlationId,
    });
    return job;
  }

  async start(job: RunningJob): Promise<{ total: number; result: Record<string, unknown> }> {
    const { month, asOf } = job.params as unknown as CreditRunParams;
    const ruleSet = await this.eligibility.activeOn(asOf);
    return { total: await this.wallets.countForMonth(month), result: { ruleSetVersion: ruleSet.version } };
  }

  async page(job: RunningJob, cursor: string | null): Promise<JobPage> {
    const { month, asOf } = job.params as unknown as CreditRunParams;
    const page = await this.wallets.creditPage(
      {
        runId: job.id,
        month,
        asOf,
        ruleSet: await ruleSetByVersion(this.eligibility, job.result.ruleSetVersion, asOf),
        correlationId: job.correlationId,
        at: new Date(),
      },
      cursor,
      JOB_PAGE_SIZE,
    );
    this.messaging.notifyRelays();
    return page;
  }
}

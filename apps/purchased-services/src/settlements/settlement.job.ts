import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { assertMayWriteIn, subtreeFilter, type Principal } from '#anlao/auth';
import {
  fingerprintOf,
  JobRunner,
  JobsService,
  type JobHandler,
  type JobItemError,
  type JobPage,
  type JobView,
  type RunningJob,
} from '#anlao/jobs';
import { CONFIG, DomainError, localDay, type ServiceConfig } from '#anlao/platform';
import { ContractRepository } from '../contracts/contract.repository.js';
import { visibleContract } from '../contracts/contract-access.js';
import { GenerateSettlementUseCase } from './generate-settlement.usecase.js';
import { assertSettleableMonth } from './settlement-ids.js';

export const SETTLEMENT_GENERATE = 'settlement.generate';
/** Contracts per job page: each may read thousands of orders, and progress should move visibly. */
const CONTRACTS_PER_PAGE = 10;

interface SettlementParams {
  month: string;
  contractId?: string;
}

/**
 * Monthly statements as a background job (ADR 0019, 0027): one contract, or every contract
 * bought by the requester's unit or a unit below it. Progress is contracts done of the
 * contracts counted at the start. A page redone after a crash makes the same statements again,
 * which writes nothing (same id, same content hash); it then counts them as `unchanged`.
 */
@Injectable()
export class SettlementJob implements JobHandler, OnModuleInit {
  readonly kind = SETTLEMENT_GENERATE;

  constructor(
    private readonly runner: JobRunner,
    private readonly jobs: JobsService,
    private readonly contracts: ContractRepository,
    private readonly generate: GenerateSettlementUseCase,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  /** Checks what can be checked now (month, the contract and the right to settle it), then queues. */
  async submit(
    principal: Principal,
    input: SettlementParams,
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<JobView> {
    assertSettleableMonth(input.month, localDay(new Date(), this.config.TIME_ZONE));
    if (input.contractId !== undefined) {
      const id = input.contractId;
      const contract = visibleContract(principal, await this.contracts.findById(id), id);
      // Settling is the buyer's business: seeing the contract (an area) is not enough.
      assertMayWriteIn(principal, contract.buyerOrgUnit);
    }
    const params: SettlementParams = {
      month: input.month,
      ...(input.contractId !== undefined ? { contractId: input.contractId } : {}),
    };
    const { job } = await this.jobs.submit({
      kind: SETTLEMENT_GENERATE,
      principal,
      params: { ...params },
      fingerprint: fingerprintOf(params),
      idempotencyKey,
      correlationId,
    });
    return job;
  }

  async start(job: RunningJob): Promise<{ total: number }> {
    const { contractId } = job.params as unknown as SettlementParams;
    if (contractId !== undefined) return { total: 1 };
    // Once per job (a scan of a few hundred contracts on the embedded store, ADR 0019).
    return { total: await this.contracts.model.countDocuments(buyerScope(job)).exec() };
  }

  async page(job: RunningJob, cursor: string | null): Promise<JobPage> {
    const { month, contractId } = job.params as unknown as SettlementParams;
    if (contractId !== undefined) return { ...(await this.settle([contractId], month, job.id)), next: null };
    const batch = await this.contracts.list(
      buyerScope(job),
      {},
      { after: cursor ?? undefined, limit: CONTRACTS_PER_PAGE },
    );
    const ids = batch.map((c) => c._id);
    const next = batch.length === CONTRACTS_PER_PAGE ? (ids.at(-1) ?? null) : null;
    return { ...(await this.settle(ids, month, job.id)), next };
  }

  private async settle(contractIds: string[], month: string, jobId: string): Promise<Omit<JobPage, 'next'>> {
    const counts: Record<string, number> = {};
    const errors: JobItemError[] = [];
    for (const contractId of contractIds) {
      try {
        const outcome = await this.generate.execute(contractId, month, jobId);
        counts[outcome] = (counts[outcome] ?? 0) + 1;
      } catch (error) {
        // One contract's problem (gone, an inconsistent order) is reported; the store being away is not ours.
        if (!(error instanceof DomainError)) throw error;
        errors.push({ item: contractId, code: error.code, detail: error.detail });
        counts.failed = (counts.failed ?? 0) + 1;
      }
    }
    return { done: contractIds.length, counts, errors };
  }
}

/** The contracts the requester's unit buys (its own and its sub-units'): the ones it may settle. */
function buyerScope(job: RunningJob): Record<string, unknown> {
  return subtreeFilter('buyerOrgUnit', job.scope);
}

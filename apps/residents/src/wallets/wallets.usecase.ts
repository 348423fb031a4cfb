import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Principal } from '#anlao/auth';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { isDuplicateKey, pushEvents, withEvents, writeAggregate, type OutboxFields } from '#anlao/messaging';
import { DomainError, inParallel } from '#anlao/platform';
import { RegistryUseCase } from '../residents/registry.usecase.js';
import { ResidentRepository } from '../residents/resident.repository.js';
import type { Resident } from '../residents/resident.schema.js';
import { assessEligibility, type RuleSet } from '../eligibility/eligibility-rules.js';
import { DebitRejection, Wallet } from './wallet.schema.js';
import { lastDayOf } from './credit-month.js';
import { creditMonth, debitForService, emptyWallet, type WalletState } from './wallet-ledger.js';

/** What a credit run fixed when it started: a resumed run credits at the same amounts. */
export interface CreditRun {
  runId: string;
  month: string;
  /** The month's last day, or the run's submission day for the current month. */
  asOf: string;
  ruleSet: RuleSet;
  correlationId: string;
  at: Date;
}

export interface CreditPage {
  done: number;
  counts: Record<'credited' | 'alreadyCredited' | 'nothingToCredit' | 'failed', number>;
  errors: { item: string; code: string; detail: string }[];
  next: string | null;
}

export type DebitOutcome = 'debited' | 'duplicate' | 'rejected';

/** Wallets a credit run writes at once: well under the store's connection pool. */
const CREDIT_CONCURRENCY = 8;

/**
 * Subsidy wallets. Every movement is one conditional write of the wallet
 * document (balances, ledger entry and event together), keyed so that a repeated
 * credit run or a redelivered debit finds its entry already there.
 */
@Injectable()
export class WalletsUseCase {
  constructor(
    @InjectModel(Wallet.name) private readonly wallets: Model<Wallet & OutboxFields>,
    @InjectModel(DebitRejection.name) private readonly rejections: Model<DebitRejection & OutboxFields>,
    private readonly residents: ResidentRepository,
    private readonly registry: RegistryUseCase,
  ) {}

  private async load(residentId: string): Promise<(Wallet & { state: WalletState }) | null> {
    const w = await this.wallets.findById(residentId, { pendingEvents: 0 }).lean<Wallet>().exec();
    return w ? { ...w, state: { balances: w.balances, entries: w.entries } } : null;
  }

  /** Writes the new state if the wallet is still at `version` (creating it at version 0). */
  private async save(
    resident: Resident,
    version: number,
    state: WalletState,
    events: EventEnvelope[],
  ): Promise<boolean> {
    if (version === 0) {
      try {
        await this.wallets.create({
          _id: resident._id,
          communityPath: resident.communityPath,
          balances: state.balances,
          entries: state.entries,
          version: 1,
          ...withEvents(events),
        });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const outbox = pushEvents(events);
    // One write of a wallet at a time in this process, the relay's clears included (`writeAggregate`).
    const result = await writeAggregate(this.wallets, resident._id, () =>
      this.wallets
        .updateOne(
          { _id: resident._id, version },
          {
            $set: { balances: state.balances, entries: state.entries, version: version + 1, ...outbox.$set },
            $push: outbox.$push,
          },
        )
        .exec(),
    );
    return result.modifiedCount === 1;
  }

  async get(principal: Principal, residentId: string): Promise<{ resident: Resident; wallet: WalletState }> {
    const resident = await this.registry.get(principal, residentId);
    return { resident, wallet: (await this.load(residentId))?.state ?? emptyWallet() };
  }

  /**
   * One page of a month's credit run (the `wallets.credit-run` job): the living
   * residents eligible on or before the month's last day (someone registered
   * mid-month gets that month in full) after `after`, by `_id`, at the amounts of the
   * run's rule set. A resident credited for the month already is left alone, so a
   * page redone after a crash, or a second run, credits nobody twice (ADR 0007).
   * A wallet that keeps changing under the run is an item error; the run goes on.
   */
  async creditPage(run: CreditRun, after: string | null, limit: number): Promise<CreditPage> {
    const page = await this.residents.eligibleSince(lastDayOf(run.month), after ?? undefined, limit);
    const counts = { credited: 0, alreadyCredited: 0, nothingToCredit: 0, failed: 0 };
    const errors: { item: string; code: string; detail: string }[] = [];
    // Several wallets at once (each is its own document: still one writer per wallet).
    const outcomes = await inParallel(page, CREDIT_CONCURRENCY, async (resident) => {
      const amounts = assessEligibility(
        { ...resident, alive: resident.status === 'active' },
        run.ruleSet,
        run.asOf,
      ).monthlyCreditFen;
      try {
        return await this.creditOne(resident, run, amounts);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        errors.push({ item: resident._id, code: error.code, detail: error.detail });
        return 'failed' as const;
      }
    });
    for (const outcome of outcomes) counts[outcome]++;
    errors.sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
    return {
      done: page.length,
      counts,
      errors,
      next: page.length < limit ? null : (page.at(-1)?._id ?? null),
    };
  }

  /** How many residents a run for `month` will go through (for its progress). */
  countForMonth(month: string): Promise<number> {
    return this.residents.countEligibleSince(lastDayOf(month));
  }

  private async creditOne(
    resident: Resident,
    run: CreditRun,
    amounts: Record<'basic-care' | 'living-services', number>,
  ): Promise<'credited' | 'alreadyCredited' | 'nothingToCredit'> {
    const { month, ruleSet } = run;
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.load(resident._id);
      const result = creditMonth(
        current?.state ?? emptyWallet(),
        month,
        amounts,
        ruleSet.unusedBalance,
        run.at.toISOString(),
        run.runId,
      );
      if (result.entries.length === 0) {
        const credits = (current?.state.entries ?? []).filter(
          (e) => e.month === month && e.kind === 'credit',
        );
        if (credits.length === 0) return 'nothingToCredit';
        // This very run wrote them before its process stopped: the page is being redone.
        return credits.some((e) => e.runId === run.runId) ? 'credited' : 'alreadyCredited';
      }
      const sum = (kind: string, part: string) =>
        result.entries.filter((e) => e.kind === kind && e.part === part).reduce((s, e) => s + e.amountFen, 0);
      const event = createEvent({
        type: 'wallet.credited',
        source: 'residents',
        subject: resident._id,
        orgUnit: resident.communityPath,
        correlationId: run.correlationId,
        payload: {
          residentId: resident._id,
          month,
          ruleSetVersion: ruleSet.version,
          basicCareFen: sum('credit', 'basic-care'),
          livingServicesFen: sum('credit', 'living-services'),
          expiredFen: -(sum('expire', 'basic-care') + sum('expire', 'living-services')),
        },
      });
      if (await this.save(resident, current?.version ?? 0, result.state, [event])) return 'credited';
    }
    throw new DomainError('conflict', 'wallet.busy', 'the wallet kept changing during the credit run');
  }

  /**
   * Pays a delivered service from the right wallet part; the rest is the elder's
   * co-payment. Keyed by order: a redelivered event never pays twice.
   */
  async debit(event: EventEnvelope<'service.delivered'>): Promise<DebitOutcome> {
    const order = event.payload;
    const resident = await this.residents.findById(order.residentId);
    if (!resident || resident.status !== 'active') {
      return this.reject(
        order.orderId,
        order.residentId,
        resident ? 'resident-deceased' : 'unknown-resident',
        event,
        resident?.communityPath,
      );
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.load(resident._id);
      const result = debitForService(
        current?.state ?? emptyWallet(),
        { orderId: order.orderId, serviceType: order.serviceType, amountFen: order.amountFen },
        order.deliveredAt,
        resident.eligibility.freeExperienceServices,
      );
      if (result.outcome === 'duplicate') return 'duplicate';
      if (result.outcome === 'rejected')
        return this.reject(order.orderId, resident._id, result.reason, event, resident.communityPath);
      const debited = createEvent({
        type: 'wallet.debited',
        source: 'residents',
        subject: resident._id,
        orgUnit: resident.communityPath,
        correlationId: event.correlationId,
        causationId: event.id,
        payload: {
          residentId: resident._id,
          orderId: order.orderId,
          serviceType: order.serviceType,
          part: result.part,
          paidFen: result.paidFen,
          copaymentFen: result.copaymentFen,
          freeExperience: result.freeExperience,
        },
      });
      if (await this.save(resident, current?.version ?? 0, result.state, [debited])) return 'debited';
    }
    throw new Error(`wallet ${resident._id} kept changing during a debit`);
  }

  private async reject(
    orderId: string,
    residentId: string,
    reason: 'unknown-resident' | 'resident-deceased' | 'service-not-covered' | 'invalid-amount',
    cause: EventEnvelope<'service.delivered'>,
    orgUnit: string | undefined,
  ): Promise<DebitOutcome> {
    const event = createEvent({
      type: 'wallet.debit-rejected',
      source: 'residents',
      subject: residentId,
      orgUnit: orgUnit ?? cause.orgUnit,
      correlationId: cause.correlationId,
      causationId: cause.id,
      payload: { residentId, orderId, reason },
    });
    try {
      await this.rejections.create({ _id: orderId, residentId, reason, ...withEvents([event]) });
      return 'rejected';
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw error;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Principal } from '#anlao/auth';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { isDuplicateKey, pushEvents, withEvents, type OutboxFields } from '#anlao/messaging';
import { DomainError } from '#anlao/platform';
import { EligibilityService } from '../eligibility/eligibility.service.js';
import { RegistryUseCase } from '../residents/registry.usecase.js';
import { ResidentRepository } from '../residents/resident.repository.js';
import type { Resident } from '../residents/resident.schema.js';
import { assessEligibility } from '../eligibility/eligibility-rules.js';
import { DebitRejection, Wallet } from './wallet.schema.js';
import { creditMonth, debitForService, emptyWallet, type WalletState } from './wallet-ledger.js';

export interface CreditRunReport {
  month: string;
  ruleSetVersion: string;
  credited: number;
  alreadyCredited: number;
  nothingToCredit: number;
}

export type DebitOutcome = 'debited' | 'duplicate' | 'rejected';

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
    private readonly eligibility: EligibilityService,
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
    const result = await this.wallets
      .updateOne(
        { _id: resident._id, version },
        {
          $set: { balances: state.balances, entries: state.entries, version: version + 1, ...outbox.$set },
          $push: outbox.$push,
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async get(principal: Principal, residentId: string): Promise<{ resident: Resident; wallet: WalletState }> {
    const resident = await this.registry.get(principal, residentId);
    return { resident, wallet: (await this.load(residentId))?.state ?? emptyWallet() };
  }

  /**
   * Credits month `YYYY-MM` to every living resident eligible on or before its last
   * day (someone registered mid-month gets that month in full), at the amounts of
   * the rule set in force on its last day, or today for the current month. Running
   * it again credits nobody twice (ADR 0007).
   */
  async creditRun(
    month: string,
    today: string,
    correlationId: string,
    at = new Date(),
  ): Promise<CreditRunReport> {
    const lastDay = lastDayOf(month);
    const asOf = lastDay < today ? lastDay : today;
    const ruleSet = await this.eligibility.activeOn(asOf);
    const report: CreditRunReport = {
      month,
      ruleSetVersion: ruleSet.version,
      credited: 0,
      alreadyCredited: 0,
      nothingToCredit: 0,
    };
    let after: string | undefined;
    for (;;) {
      const page = await this.residents.eligibleSince(lastDay, after, 200);
      if (page.length === 0) break;
      for (const resident of page) {
        const amounts = assessEligibility(
          { ...resident, alive: resident.status === 'active' },
          ruleSet,
          asOf,
        ).monthlyCreditFen;
        const outcome = await this.creditOne(
          resident,
          month,
          amounts,
          ruleSet.unusedBalance,
          ruleSet.version,
          correlationId,
          at,
        );
        report[outcome]++;
      }
      after = page.at(-1)?._id;
    }
    return report;
  }

  private async creditOne(
    resident: Resident,
    month: string,
    amounts: Record<'basic-care' | 'living-services', number>,
    unusedBalance: 'expire' | 'carry-over',
    ruleSetVersion: string,
    correlationId: string,
    at: Date,
  ): Promise<'credited' | 'alreadyCredited' | 'nothingToCredit'> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.load(resident._id);
      const result = creditMonth(
        current?.state ?? emptyWallet(),
        month,
        amounts,
        unusedBalance,
        at.toISOString(),
      );
      if (result.entries.length === 0) {
        const already = (current?.state.entries ?? []).some((e) => e.month === month && e.kind === 'credit');
        return already ? 'alreadyCredited' : 'nothingToCredit';
      }
      const sum = (kind: string, part: string) =>
        result.entries.filter((e) => e.kind === kind && e.part === part).reduce((s, e) => s + e.amountFen, 0);
      const event = createEvent({
        type: 'wallet.credited',
        source: 'residents',
        subject: resident._id,
        orgUnit: resident.communityPath,
        correlationId,
        payload: {
          residentId: resident._id,
          month,
          ruleSetVersion,
          basicCareFen: sum('credit', 'basic-care'),
          livingServicesFen: sum('credit', 'living-services'),
          expiredFen: -(sum('expire', 'basic-care') + sum('expire', 'living-services')),
        },
      });
      if (await this.save(resident, current?.version ?? 0, result.state, [event])) return 'credited';
    }
    throw new Error(`wallet ${resident._id} kept changing during the credit run`);
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

export function assertMonth(month: string, today: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new DomainError('invalid', 'wallet.invalid-month', 'month must be YYYY-MM', [
      { field: 'month', message: 'YYYY-MM' },
    ]);
  }
  if (month > today.slice(0, 7)) {
    throw new DomainError('invalid', 'wallet.future-month', 'a month is credited when it has begun', [
      { field: 'month', message: 'this month or earlier' },
    ]);
  }
  return month;
}

export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

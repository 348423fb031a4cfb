import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '#anlao/messaging';
import {
  afterClaim,
  epochEndId,
  failureSlotId,
  lockStateOf,
  removableAfterEnd,
  type EpochEnd,
  type EpochEndReason,
  type LockPolicy,
  type LockState,
} from './lockout.js';
import { SignInFailure } from './sign-in-failure.schema.js';

/** What a wrong password did to the count. */
export type FailureOutcome =
  | { outcome: 'counted'; slot: number }
  | { outcome: 'locked'; lockedUntil: Date }
  /** Every slot of the epoch was taken, or the epoch ended meanwhile: a concurrent failure locked or a success reset. */
  | { outcome: 'not-counted' };

/**
 * Failed sign-ins counted by inserting documents with chosen `_id`s: every
 * decision rests on the unique primary key, the one thing FerretDB 1.24 and
 * MongoDB both enforce atomically (their updates of one document are not
 * atomic on FerretDB: it reads, changes and writes back). See ADR 0010.
 */
@Injectable()
export class SignInFailures {
  constructor(@InjectModel(SignInFailure.name) private readonly model: Model<SignInFailure>) {}

  async state(accountId: string): Promise<LockState> {
    const latest = await this.model
      .findOne({ accountId, kind: 'end' }, { epoch: 1, reason: 1, lockedUntil: 1 })
      .sort({ epoch: -1 })
      .lean<EpochEnd>()
      .exec();
    return lockStateOf(latest);
  }

  /** Claims the first free slot of `epoch`; the last slot locks the account. */
  async recordFailure(
    accountId: string,
    epoch: number,
    policy: LockPolicy,
    now: Date,
  ): Promise<FailureOutcome> {
    for (let slot = 1; slot <= policy.threshold; slot++) {
      const claimed = await this.insert({
        _id: failureSlotId(accountId, epoch, slot),
        accountId,
        epoch,
        kind: 'slot',
        reason: null,
        lockedUntil: null,
        at: now,
      });
      if (!claimed) continue;
      const next = afterClaim(slot, policy, now);
      if (!next.locks) return { outcome: 'counted', slot };
      const ended = await this.endEpoch(accountId, epoch, 'locked', next.lockedUntil, policy, now);
      return ended ? { outcome: 'locked', lockedUntil: next.lockedUntil } : { outcome: 'not-counted' };
    }
    return { outcome: 'not-counted' };
  }

  /** A right password forgets the failures of the epoch (if it has any). */
  async recordSuccess(accountId: string, epoch: number, policy: LockPolicy, now: Date): Promise<void> {
    const anyFailure = await this.model.exists({ _id: failureSlotId(accountId, epoch, 1) }).exec();
    if (anyFailure) await this.endEpoch(accountId, epoch, 'signed-in', null, policy, now);
  }

  /** An administrator's password reset lifts a lock and forgets the count. */
  async reset(accountId: string, policy: LockPolicy, now: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { epoch } = await this.state(accountId);
      if (await this.endEpoch(accountId, epoch, 'reset', null, policy, now)) return;
    }
    throw new Error('could not reset the sign-in failures: concurrent changes');
  }

  /** Ends an epoch; false when something else ended it first (the unique `_id` decides). */
  private async endEpoch(
    accountId: string,
    epoch: number,
    reason: EpochEndReason,
    lockedUntil: Date | null,
    policy: LockPolicy,
    now: Date,
  ): Promise<boolean> {
    const ended = await this.insert({
      _id: epochEndId(accountId, epoch),
      accountId,
      epoch,
      kind: 'end',
      reason,
      lockedUntil,
      at: now,
    });
    if (ended) {
      // One delete by _id each (a `$in` is a full scan on FerretDB); at most 2 × threshold + 1 statements.
      await this.model.bulkWrite(
        removableAfterEnd(accountId, epoch, policy, reason).map((_id) => ({
          deleteOne: { filter: { _id } },
        })),
        { ordered: false },
      );
    }
    return ended;
  }

  private async insert(doc: SignInFailure): Promise<boolean> {
    try {
      await this.model.create(doc);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}

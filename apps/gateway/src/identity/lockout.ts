/**
 * Sign-in lockout, decided by primary keys rather than by counters.
 *
 * The failures of an account are counted in *epochs*. Each wrong password claims
 * the first free slot `k` (1…threshold) of the current epoch by inserting the
 * document `<account>:<epoch>:<k>`; the store's unique `_id` decides who gets
 * each slot, so concurrent failures can neither lose nor double a count. Whoever
 * claims the last slot locks the account by inserting the epoch's end marker
 * `<account>:<epoch>:end` with `lockedUntil`. A successful sign-in (or a
 * password reset) ends the epoch with an end marker that locks nothing. The end
 * marker too is claimed by insert, so exactly one of "lock" and "success" ends
 * an epoch, and nothing ever updates a marker: a lock cannot be overwritten.
 * The current epoch is the one after the latest end marker. See ADR 0010.
 */
export interface LockPolicy {
  threshold: number;
  lockSeconds: number;
}

export type EpochEndReason = 'locked' | 'signed-in' | 'reset';

/** How an epoch of failures ended. The latest one decides whether the account is locked. */
export interface EpochEnd {
  epoch: number;
  reason: EpochEndReason;
  lockedUntil: Date | null;
}

/** The epoch failures are counted in now, and the lock (if any) that ended the one before. */
export interface LockState {
  epoch: number;
  lockedUntil: Date | null;
}

export function lockStateOf(latest: EpochEnd | null): LockState {
  return latest
    ? { epoch: latest.epoch + 1, lockedUntil: latest.lockedUntil }
    : { epoch: 1, lockedUntil: null };
}

export function isLocked(state: Pick<LockState, 'lockedUntil'>, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

export function retryAfterSeconds(state: Pick<LockState, 'lockedUntil'>, now: Date): number {
  return Math.max(1, Math.ceil(((state.lockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000));
}

export function failureSlotId(accountId: string, epoch: number, slot: number): string {
  return `${accountId}:${epoch}:${slot}`;
}

export function epochEndId(accountId: string, epoch: number): string {
  return `${accountId}:${epoch}:end`;
}

/** Every slot of an epoch, in the order failures claim them. */
export function failureSlotIds(
  accountId: string,
  epoch: number,
  policy: Pick<LockPolicy, 'threshold'>,
): string[] {
  return Array.from({ length: policy.threshold }, (_, i) => failureSlotId(accountId, epoch, i + 1));
}

/** What claiming slot `slot` of an epoch means: the last slot locks, the others only count. */
export function afterClaim(
  slot: number,
  policy: LockPolicy,
  now: Date,
): { locks: false } | { locks: true; lockedUntil: Date } {
  return slot >= policy.threshold
    ? { locks: true, lockedUntil: new Date(now.getTime() + policy.lockSeconds * 1000) }
    : { locks: false };
}

/**
 * What may be removed once `epoch` has ended: the slots of it and of the epoch
 * before (late claimers of an ended epoch leave a few), and end markers older
 * than the previous one. The previous marker stays, so a reader that races the
 * clean-up still finds an end marker no older than the one before the latest.
 */
export function removableAfterEnd(
  accountId: string,
  epoch: number,
  policy: LockPolicy,
  reason: EpochEndReason,
): string[] {
  const slots = [
    // A lock keeps its own slots full, so failures that read the state before the
    // lock find no free slot instead of starting to count again in an ended epoch.
    ...(reason === 'locked' ? [] : failureSlotIds(accountId, epoch, policy)),
    ...(epoch > 1 ? failureSlotIds(accountId, epoch - 1, policy) : []),
  ];
  return epoch > 2 ? [...slots, epochEndId(accountId, epoch - 2)] : slots;
}

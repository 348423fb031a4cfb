/** Failed sign-ins in a row, and until when the account is locked. */
export interface LockState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export interface LockPolicy {
  threshold: number;
  lockSeconds: number;
}

export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** After a failed attempt: the threshold-th failure in a row locks the account. */
export function afterFailure(state: LockState, policy: LockPolicy, now: Date): LockState {
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts >= policy.threshold) {
    return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockSeconds * 1000) };
  }
  return { failedAttempts, lockedUntil: state.lockedUntil };
}

export function afterSuccess(): LockState {
  return { failedAttempts: 0, lockedUntil: null };
}

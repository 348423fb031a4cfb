import { afterFailure, afterSuccess, isLocked } from './lockout.js';
import { digest, hashPassword, newSecret, passwordProblems, sameDigest, verifyPassword } from './secrets.js';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$32768$8$1$')).toBe(true);
    await expect(verifyPassword('correct horse battery', a)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', a)).resolves.toBe(false);
    await expect(verifyPassword('x', 'not-a-hash')).resolves.toBe(false);
  });

  it('asks for length, not symbols', () => {
    expect(passwordProblems('short')).toEqual(['at least 12 characters']);
    expect(passwordProblems('a long enough passphrase')).toEqual([]);
  });

  it('compares secret digests', () => {
    const secret = newSecret();
    expect(sameDigest(secret, digest(secret))).toBe(true);
    expect(sameDigest(`${secret}x`, digest(secret))).toBe(false);
  });
});

describe('lockout', () => {
  const policy = { threshold: 3, lockSeconds: 60 };
  const t0 = new Date('2026-11-25T00:00:00Z');

  it('locks on the threshold-th failure in a row, for the lock period', () => {
    let state = afterSuccess();
    state = afterFailure(state, policy, t0);
    state = afterFailure(state, policy, t0);
    expect(isLocked(state, t0)).toBe(false);
    state = afterFailure(state, policy, t0);
    expect(isLocked(state, t0)).toBe(true);
    expect(isLocked(state, new Date(t0.getTime() + 59_000))).toBe(true);
    expect(isLocked(state, new Date(t0.getTime() + 60_000))).toBe(false);
  });

  it('forgets failures after a success', () => {
    const failedTwice = afterFailure(afterFailure(afterSuccess(), policy, t0), policy, t0);
    expect(failedTwice.failedAttempts).toBe(2);
    const state = afterFailure(afterSuccess(), policy, t0);
    expect(state.failedAttempts).toBe(1);
  });
});

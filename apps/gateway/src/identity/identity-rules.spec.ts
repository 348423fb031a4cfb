import {
  afterClaim,
  epochEndId,
  failureSlotId,
  failureSlotIds,
  isLocked,
  lockStateOf,
  removableAfterEnd,
  retryAfterSeconds,
} from './lockout.js';
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

  it('counts in the epoch after the latest end marker, and a lock holds for its period', () => {
    expect(lockStateOf(null)).toEqual({ epoch: 1, lockedUntil: null });
    const until = new Date(t0.getTime() + 60_000);
    const state = lockStateOf({ epoch: 4, reason: 'locked', lockedUntil: until });
    expect(state.epoch).toBe(5);
    expect(isLocked(state, t0)).toBe(true);
    expect(retryAfterSeconds(state, t0)).toBe(60);
    expect(isLocked(state, new Date(t0.getTime() + 59_000))).toBe(true);
    expect(isLocked(state, until)).toBe(false);
    expect(isLocked(lockStateOf({ epoch: 5, reason: 'signed-in', lockedUntil: null }), t0)).toBe(false);
  });

  it('locks on the claim of the last slot only', () => {
    expect(afterClaim(1, policy, t0)).toEqual({ locks: false });
    expect(afterClaim(2, policy, t0)).toEqual({ locks: false });
    expect(afterClaim(3, policy, t0)).toEqual({ locks: true, lockedUntil: new Date(t0.getTime() + 60_000) });
  });

  it('names one document per slot and one end per epoch, so the unique _id decides', () => {
    expect(failureSlotIds('acc', 2, policy)).toEqual(['acc:2:1', 'acc:2:2', 'acc:2:3']);
    expect(failureSlotId('acc', 2, 3)).toBe('acc:2:3');
    expect(epochEndId('acc', 2)).toBe('acc:2:end');
  });

  it('cleans up ended epochs but keeps a lock full and the previous end marker', () => {
    expect(removableAfterEnd('acc', 1, policy, 'signed-in')).toEqual(['acc:1:1', 'acc:1:2', 'acc:1:3']);
    expect(removableAfterEnd('acc', 3, policy, 'locked')).toEqual([
      'acc:2:1',
      'acc:2:2',
      'acc:2:3',
      'acc:1:end',
    ]);
    expect(removableAfterEnd('acc', 3, policy, 'reset')).toEqual([
      'acc:3:1',
      'acc:3:2',
      'acc:3:3',
      'acc:2:1',
      'acc:2:2',
      'acc:2:3',
      'acc:1:end',
    ]);
  });
});

import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import request from 'supertest';
import { startGateway } from './gateway-under-test.js';
import { createStaffAccount } from '../src/identity/account.usecases.js';
import { CredentialsRepository } from '../src/identity/credentials.repository.js';
import { SignInFailure } from '../src/identity/sign-in-failure.schema.js';
import { bearer, dropDatabases, eventually, uniqueNamespace, type RunningService } from '#anlao/testing';

interface AuditItem {
  action: string;
  actorId: string | null;
  outcome: string;
}

/**
 * Sign-in lockout under concurrent wrong passwords, against the real store
 * (FerretDB locally): counts are decided by unique `_id`s, so none is lost or
 * doubled and a lock, once set, stays (ADR 0010).
 */
describe('gateway: sign-in lockout under concurrency', () => {
  // Dozens of scrypt hashes at once (32 MiB each): slow on a small, shared machine.
  const SLOW = 180_000;
  const ns = uniqueNamespace();
  let gateway: RunningService;
  let failures: Model<SignInFailure>;
  const PASSWORD = 'a long demo passphrase';
  const WRONG = 'not the passphrase at all';

  const signIn = (username: string, password: string) =>
    request(gateway.url).post('/auth/sign-in').send({ username, password });
  const account = (username: string) =>
    createStaffAccount(gateway.app.get(CredentialsRepository), {
      username,
      password: PASSWORD,
      role: 'street-staff',
      orgUnit: '2101.210102.210102001',
    });
  const wrongTimes = (username: string, n: number) =>
    Promise.all(Array.from({ length: n }, () => signIn(username, WRONG)));
  const auditOf = async (actorId: string, action: string): Promise<AuditItem[]> => {
    const admin = await signIn('lock.auditor', PASSWORD).expect(200);
    const res = await request(gateway.url)
      .get('/audit')
      .set(bearer(admin.body.accessToken as string))
      .query({ action, actorId, limit: 500 })
      .expect(200);
    const items = (Array.isArray(res.body) ? res.body : res.body.items) as AuditItem[];
    return items.filter((e) => e.action === action && e.actorId === actorId);
  };

  beforeAll(async () => {
    gateway = await startGateway(ns, {
      SERVICE_URLS: 'centres=http://127.0.0.1:9',
      LOCKOUT_THRESHOLD: '5',
      LOCKOUT_SECONDS: '600',
      // The per-caller limits are not what is under test here.
      RATE_LIMIT_PER_MINUTE: '10000',
      SIGN_IN_PER_USERNAME_PER_MINUTE: '10000',
    });
    failures = gateway.app.get<Model<SignInFailure>>(getModelToken(SignInFailure.name));
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'lock.auditor',
      password: PASSWORD,
      role: 'auditor',
      orgUnit: '2101',
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it(
    'locks after exactly 5 counted failures out of 50 concurrent wrong passwords',
    async () => {
      const { _id: id } = await account('fifty.wrong');
      const answers = await wrongTimes('fifty.wrong', 50);
      expect(answers.every((r) => r.status === 401 || r.status === 429)).toBe(true);

      const locked = await signIn('fifty.wrong', PASSWORD).expect(429);
      expect(locked.body.code).toBe('auth.locked');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);

      // Exactly the threshold's slots were claimed, and one end marker locks the epoch.
      const docs = await failures.find({ accountId: id }).lean<SignInFailure[]>().exec();
      expect(
        docs
          .filter((d) => d.kind === 'slot')
          .map((d) => d._id)
          .sort(),
      ).toEqual([1, 2, 3, 4, 5].map((k) => `${id}:1:${k}`));
      expect(docs.filter((d) => d.kind === 'end')).toEqual([
        expect.objectContaining({ _id: `${id}:1:end`, reason: 'locked' }),
      ]);

      // One lockout in the audit trail, after four counted failures.
      const lockouts = await eventually(
        () => auditOf(id, 'auth.locked'),
        (entries) => entries.length >= 1,
        60_000,
      );
      expect(lockouts).toHaveLength(1);
      const counted = await auditOf(id, 'auth.sign-in-failed');
      expect(counted.filter((e) => e.outcome === 'wrong-password')).toHaveLength(4);
    },
    SLOW,
  );

  it(
    'does not lock after 4 concurrent wrong passwords, and a success starts the count again',
    async () => {
      const { _id: id } = await account('four.wrong');
      expect((await wrongTimes('four.wrong', 4)).map((r) => r.status)).toEqual([401, 401, 401, 401]);
      await signIn('four.wrong', PASSWORD).expect(200);
      // Four more: the success forgot the first four, so still no lock.
      await wrongTimes('four.wrong', 4);
      await signIn('four.wrong', PASSWORD).expect(200);
      const docs = await failures.find({ accountId: id }).lean<SignInFailure[]>().exec();
      expect(docs.some((d) => d.reason === 'locked')).toBe(false);
    },
    SLOW,
  );

  it(
    'keeps a lock through concurrent failures that started before and after it',
    async () => {
      const { _id: id } = await account('keeps.lock');
      const first = wrongTimes('keeps.lock', 5);
      await new Promise((r) => setTimeout(r, 20));
      const second = wrongTimes('keeps.lock', 15);
      await Promise.all([first, second]);
      const marker = await failures.findById(`${id}:1:end`).lean<SignInFailure>().exec();
      expect(marker?.reason).toBe('locked');

      await wrongTimes('keeps.lock', 10);
      expect((await signIn('keeps.lock', PASSWORD).expect(429)).body.code).toBe('auth.locked');
      const after = await failures.find({ accountId: id, kind: 'end' }).lean<SignInFailure[]>().exec();
      expect(after).toHaveLength(1);
      expect(after[0]?.lockedUntil?.getTime()).toBe(marker?.lockedUntil?.getTime());
    },
    SLOW,
  );
});

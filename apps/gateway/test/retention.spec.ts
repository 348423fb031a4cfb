import { MongoClient, type Db } from 'mongodb';
import request from 'supertest';
import { createEvent } from '#anlao/events';
import { DAY_MS, RetentionJobs, retentionCutoff, utcDay } from '#anlao/platform';
import { dropDatabases, MONGO_URL, uniqueNamespace, type RunningService } from '#anlao/testing';
import type { AuditEntry } from '../src/audit/audit-entry.schema.js';
import { AuditKeeper } from '../src/audit/audit-keeper.js';
import {
  CHECKPOINT_COLLECTION,
  pruneAuditChain,
  type AuditChainCheckpoint,
} from '../src/audit/audit-pruning.js';
import { verifyAuditLog } from '../src/audit/verify-audit-log.js';
import { createStaffAccount } from '../src/identity/account.usecases.js';
import { CredentialsRepository } from '../src/identity/credentials.repository.js';
import { startGateway } from './gateway-under-test.js';

const AUDIT_DAYS = 180;

function auditEvent(daysAgo: number, n: number) {
  return createEvent({
    type: 'audit.recorded',
    source: 'residents',
    subject: 's-1',
    orgUnit: '2101.210102',
    correlationId: `retention-${n}`,
    occurredAt: new Date(Date.now() - daysAgo * DAY_MS),
    payload: {
      action: 'personal-data.read',
      auditClass: 'personal-read',
      actor: { kind: 'staff', id: 's-1', role: 'district-staff', via: 'tok' },
      route: 'GET /residents/:residentId',
      targets: [`r-${n}`],
      filter: null,
      count: null,
      outcome: 'ok',
    },
  });
}

/**
 * Retention in the gateway against the real store: the audit log is pruned from
 * the start of each chain with a checkpoint, and `audit:verify` still proves
 * every chain whole (also after a pass cut short); expired sessions go, live
 * ones stay.
 */
describe('gateway: retention of the audit log and of sessions', () => {
  const ns = uniqueNamespace();
  let gateway: RunningService;
  let mongo: MongoClient;
  let db: Db;
  let keeper: AuditKeeper;
  let jobs: RetentionJobs;
  let n = 0;

  /** Appends to `chain` one entry per age (days ago), in order; resolves with their ids. */
  const append = async (chain: number, ages: number[]): Promise<string[]> => {
    const ids: string[] = [];
    for (const age of ages) {
      const event = auditEvent(age, ++n);
      await keeper.append(event, chain);
      ids.push(event.id);
    }
    return ids;
  };
  const log = () => db.collection<AuditEntry>('audit_log');
  const chainOf = async (chain: number) =>
    (await log().find({ chain }).sort({ seq: 1 }).toArray()).map((e) => e._id);
  const auditReport = async () => (await jobs.runNow()).find((r) => r.task === 'audit-log');

  beforeAll(async () => {
    gateway = await startGateway(ns, {
      SERVICE_URLS: 'centres=http://127.0.0.1:9',
      AUDIT_RETENTION_DAYS: String(AUDIT_DAYS),
      SESSION_RETENTION_DAYS: '7',
      // Passes run when the test says so.
      RETENTION_PRUNING: 'off',
    });
    keeper = gateway.app.get(AuditKeeper);
    jobs = gateway.app.get(RetentionJobs);
    mongo = await MongoClient.connect(MONGO_URL);
    db = mongo.db(`${ns.dbPrefix}gateway`);
  });

  afterAll(async () => {
    await gateway?.close();
    await mongo?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('prunes its inbox, its sessions and its audit log in one job', () => {
    expect(jobs.taskNames().sort()).toEqual(['audit-log', 'inbox', 'sessions']);
  });

  it('prunes old entries from the start of each chain, keeps the rest, and the log still verifies', async () => {
    const old0 = await append(
      0,
      Array.from({ length: 30 }, (_, i) => AUDIT_DAYS + 60 - i),
    );
    const new0 = await append(0, [10, 5, 0]);
    // An old entry after a recent one stays: a chain is only ever cut at its start.
    const old1 = await append(1, [400, 300, 250, 200, 190]);
    const rest1 = await append(1, [3, AUDIT_DAYS + 20, AUDIT_DAYS + 10, 1]);
    expect((await verifyAuditLog(db)).ok).toBe(true);

    const report = await auditReport();
    expect(report?.counts).toEqual({ deleted: old0.length + old1.length, chains: 2 });
    expect(await chainOf(0)).toEqual(new0);
    expect(await chainOf(1)).toEqual(rest1);

    const verified = await verifyAuditLog(db);
    expect(verified.ok).toBe(true);
    expect(verified.chains.map(({ chain, entries, pruned }) => ({ chain, entries, pruned }))).toEqual([
      { chain: 0, entries: 3, pruned: 30 },
      { chain: 1, entries: 4, pruned: 5 },
    ]);
    const checkpoint = await db
      .collection<AuditChainCheckpoint>(CHECKPOINT_COLLECTION)
      .findOne({ _id: 'chain-0' });
    expect(checkpoint).toMatchObject({ seq: 30, pending: [] });

    // Appends go on after pruning; a second pass finds nothing more.
    await append(0, [0]);
    expect((await auditReport())?.counts).toEqual({ deleted: 0, chains: 2 });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('still shows an entry removed after the checkpoint', async () => {
    const [firstKept] = await chainOf(0);
    const entry = await log().findOne({ _id: firstKept ?? '' });
    expect(entry).not.toBeNull();
    await log().deleteOne({ _id: firstKept ?? '' });
    const broken = await verifyAuditLog(db);
    expect(broken.ok).toBe(false);
    expect(broken.chains.find((c) => c.chain === 0)?.break).toEqual({
      chain: 0,
      seq: 31,
      problem: 'missing',
    });
    if (entry) await log().insertOne(entry);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('verifies a chain whose pass stopped between moving the checkpoint and deleting, and finishes it', async () => {
    const old = await append(2, [AUDIT_DAYS + 5, AUDIT_DAYS + 4, AUDIT_DAYS + 3]);
    const kept = await append(2, [0]);
    let checks = 0;
    // Stopped right after the checkpoint moved: nothing deleted yet.
    const cutoff = retentionCutoff(new Date(), AUDIT_DAYS);
    expect(await pruneAuditChain(db, 2, cutoff, new Date(), { stopped: () => ++checks > 1 })).toBe(0);
    const midway = await verifyAuditLog(db);
    expect(midway.ok).toBe(true);
    expect(midway.chains.find((c) => c.chain === 2)).toMatchObject({ entries: 1, pruned: 3 });
    expect(await chainOf(2)).toEqual([...old, ...kept]);

    expect((await auditReport())?.counts.deleted).toBe(old.length);
    expect(await chainOf(2)).toEqual(kept);
    expect((await verifyAuditLog(db)).ok).toBe(true);
    expect(
      await db.collection<AuditChainCheckpoint>(CHECKPOINT_COLLECTION).findOne({ _id: 'chain-2' }),
    ).toMatchObject({ seq: 3, pending: [] });
  });

  it('deletes sessions past retention after their expiry, keeps the others, and refresh still works', async () => {
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'retention.staff',
      password: 'a long demo passphrase',
      role: 'street-staff',
      orgUnit: '2101.210102.210102001',
    });
    const signedIn = await request(gateway.url)
      .post('/auth/sign-in')
      .send({ username: 'retention.staff', password: 'a long demo passphrase' })
      .expect(200);
    const sessions = db.collection<{ _id: string; expiresAt: Date; expiresDay?: string }>('sessions');
    const live = await sessions.find({}).toArray();
    expect(live).toHaveLength(1);
    expect(live[0]?.expiresDay).toBe(utcDay(live[0]?.expiresAt ?? new Date(0)));

    const expired = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS);
    const base = { staffId: 'x', credentialVersion: 1, usedAt: null };
    await sessions.insertMany([
      { _id: 'old-1', ...base, expiresAt: expired(10), expiresDay: utcDay(expired(10)) },
      { _id: 'recent-1', ...base, expiresAt: expired(3), expiresDay: utcDay(expired(3)) },
      // Written before sessions carried their day.
      { _id: 'legacy-old', ...base, expiresAt: expired(20) },
    ]);
    // Sessions are bucketed by a day still to come, so no pass ever revisits a day it emptied; these
    // back-dated ones are therefore put before a first pass, as if earlier tests had run none.
    await db.collection('retention_state').deleteOne({ _id: 'sessions' as never });
    const report = (await jobs.runNow()).find((r) => r.task === 'sessions');
    expect(report?.counts).toMatchObject({ deleted: 2, bucketed: 0 });
    expect((await sessions.find({}).toArray()).map((s) => s._id).sort()).toEqual(
      [live[0]?._id, 'recent-1'].sort(),
    );
    await request(gateway.url)
      .post('/auth/refresh')
      .send({ refreshToken: signedIn.body.refreshToken as string })
      .expect(200);
  });
});

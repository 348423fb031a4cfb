import { MongoClient } from 'mongodb';
import request from 'supertest';
import { startGateway } from '../apps/gateway/test/gateway-under-test.js';
import { startResidents } from '../apps/residents/test/residents-under-test.js';
import { centresService } from '../apps/centres/src/centres.module.js';
import { nationalId, ORG_UNITS_CSV, personFixture } from '../apps/residents/test/fixtures.js';
import { verifyAuditLog } from '../apps/gateway/src/audit/verify-audit-log.js';
import { createEvent } from '#anlao/events';
import type { EventProducer } from '#anlao/messaging';
import {
  bearer,
  dropDatabases,
  eventually,
  MONGO_URL,
  startService,
  testConfig,
  testProducer,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

interface EntryView {
  id: string;
  service: string;
  action: string;
  auditClass: string;
  actorId: string | null;
  route: string | null;
  targets: string[];
  filter: Record<string, string> | null;
  count: number | null;
  outcome: string;
  orgUnit: string;
}

/**
 * Audit at the source: each service records its own personal reads, lists and
 * writes through its outbox; the gateway's keeper chains them; an auditor reads
 * them whether the call came through the gateway or straight to the service.
 */
describe('audit trail at the source', () => {
  const ns = uniqueNamespace();
  let residents: RunningService;
  let gateway: RunningService;
  let residentId: string;
  const admin = tokenFor({ role: 'city-admin', orgUnit: '2101', sub: 'admin-1' });
  const reader = tokenFor({ role: 'district-staff', orgUnit: '2101.210102', sub: 'reader-1' });
  const hepingAuditor = bearer(tokenFor({ role: 'auditor', orgUnit: '2101.210102', sub: 'auditor-1' }));
  const shenheAuditor = bearer(tokenFor({ role: 'auditor', orgUnit: '2101.210103', sub: 'auditor-2' }));

  const auditOf = async (auth: Record<string, string>, query: Record<string, string>) =>
    (await request(gateway.url).get('/audit').set(auth).query(query).expect(200)).body as {
      items: EntryView[];
      next: string | null;
    };

  beforeAll(async () => {
    residents = await startResidents(ns);
    gateway = await startGateway(ns, { SERVICE_URLS: `residents=${residents.url}` });
    await request(residents.url)
      .post('/org-units/import')
      .set(bearer(admin))
      .set('content-type', 'text/csv')
      .send(ORG_UNITS_CSV)
      .expect(200);
    const created = await request(residents.url)
      .post('/residents')
      .set(bearer(admin))
      .send(personFixture(nationalId('1940-03-12', 11)));
    expect(created.status).toBe(201);
    residentId = created.body.residentId as string;
  });

  afterAll(async () => {
    await gateway?.close();
    await residents?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('records a direct read of a record exactly like one through the gateway', async () => {
    await request(residents.url).get(`/residents/${residentId}`).set(bearer(reader)).expect(200);
    await request(gateway.url).get(`/api/residents/residents/${residentId}`).set(bearer(reader)).expect(200);
    const page = await eventually(
      () => auditOf(hepingAuditor, { target: residentId, action: 'personal-data.read' }),
      (p) => p.items.length >= 2,
    );
    for (const entry of page.items) {
      expect(entry).toMatchObject({
        service: 'residents',
        auditClass: 'personal-read',
        actorId: 'reader-1',
        route: 'GET /residents/:residentId',
        outcome: 'ok',
        orgUnit: '2101.210102.210102001.210102001001',
      });
      expect(entry.targets).toContain(residentId);
    }
  });

  it('records lists of personal records with their filter and count, and nothing personal', async () => {
    await request(residents.url)
      .get('/residents')
      .set(bearer(reader))
      .query({ livingArrangement: 'alone', limit: 10 })
      .expect(200);
    const page = await eventually(
      () => auditOf(hepingAuditor, { action: 'personal-data.listed', actorId: 'reader-1' }),
      (p) => p.items.length >= 1,
    );
    expect(page.items[0]).toMatchObject({
      route: 'GET /residents',
      filter: { livingArrangement: 'alone', limit: '10' },
      count: 1,
      targets: [residentId],
    });
    const all = await auditOf(hepingAuditor, { limit: '500' });
    expect(JSON.stringify(all)).not.toMatch(/王秀英|13812345678|19400312/);
  });

  it('records failed reads, and keeps each unit to its own auditors', async () => {
    await request(residents.url).get('/residents/r-nosuch').set(bearer(reader)).expect(404);
    const failed = await eventually(
      () => auditOf(hepingAuditor, { target: 'r-nosuch' }),
      (p) => p.items.length >= 1,
    );
    expect(failed.items[0]?.outcome).toMatch(/^404 /);
    const other = await auditOf(shenheAuditor, { target: residentId });
    expect(other.items).toEqual([]);
    await request(gateway.url).get('/audit').set(bearer(reader)).expect(403);
  });

  it('pages by cursor and filters by period', async () => {
    const first = await auditOf(hepingAuditor, { limit: '1' });
    expect(first.items).toHaveLength(1);
    expect(first.next).not.toBeNull();
    const second = await auditOf(hepingAuditor, { limit: '1', cursor: first.next ?? '' });
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    const future = await auditOf(hepingAuditor, { from: '2999-01-01T00:00:00Z' });
    expect(future.items).toEqual([]);
    await request(gateway.url)
      .get('/audit')
      .set(hepingAuditor)
      .query({ from: '2026-02-30T00:00:00Z' })
      .expect(400);
  });

  it('keeps a hash chain that shows an edited or removed entry', async () => {
    const client = await MongoClient.connect(MONGO_URL);
    try {
      const db = client.db(`${ns.dbPrefix}gateway`);
      const whole = await verifyAuditLog(db);
      expect(whole.ok).toBe(true);
      expect(whole.chains.reduce((n, c) => n + c.entries, 0)).toBeGreaterThanOrEqual(4);

      const log = db.collection<{ _id: string; chain: number; seq: number; outcome: string }>('audit_log');
      const victim = await log.findOne({ seq: 1 });
      expect(victim).not.toBeNull();
      await log.updateOne({ _id: victim?._id ?? '' }, { $set: { outcome: 'ok-edited' } });
      const edited = await verifyAuditLog(db);
      expect(edited.ok).toBe(false);
      expect(edited.chains.find((c) => c.chain === victim?.chain)?.break).toEqual({
        chain: victim?.chain,
        seq: 1,
        problem: 'edited',
      });
      await log.updateOne({ _id: victim?._id ?? '' }, { $set: { outcome: victim?.outcome ?? '' } });
      expect((await verifyAuditLog(db)).ok).toBe(true);
      await log.deleteOne({ _id: victim?._id ?? '' });
      const removed = await verifyAuditLog(db);
      expect(removed.chains.find((c) => c.chain === victim?.chain)?.break?.problem).toBe('missing');
    } finally {
      await client.close();
    }
  });
});

describe('revocations before readiness', () => {
  const ns = uniqueNamespace();
  let producer: EventProducer;

  beforeAll(async () => {
    // A first service creates the namespace's topics.
    const first = await startService(
      centresService,
      testConfig('centres', ns, {}, centresService.extraConfig),
    );
    await first.close();
    producer = await testProducer(ns, 'revocations-test');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dropDatabases(ns.dbPrefix);
  });

  it('refuses a token revoked while the service was down, on its very first request', async () => {
    const revoked = tokenFor({ role: 'centre-client', centreId: 'c-1', sub: 'cli_revoked', ver: 1 });
    const live = tokenFor({ role: 'centre-client', centreId: 'c-2', sub: 'cli_live', ver: 1 });
    // Many revocations of others first, so reading the topic to its end takes real work.
    await producer.publish(
      Array.from({ length: 300 }, (_, i) =>
        createEvent({
          type: 'credentials.revoked',
          source: 'gateway',
          subject: `cli_other${i}`,
          orgUnit: '2101',
          correlationId: 'revocations-test',
          payload: {
            subjectId: `cli_other${i}`,
            subjectKind: 'api-client',
            minVersion: 2,
            reason: 'revoked',
          },
        }),
      ),
    );
    await producer.publish([
      createEvent({
        type: 'credentials.revoked',
        source: 'gateway',
        subject: 'cli_revoked',
        orgUnit: '2101',
        correlationId: 'revocations-test',
        payload: { subjectId: 'cli_revoked', subjectKind: 'api-client', minVersion: 2, reason: 'revoked' },
      }),
    ]);
    const centres = await startService(
      centresService,
      testConfig('centres', ns, {}, centresService.extraConfig),
    );
    try {
      const refused = await request(centres.url).get('/centres/c-1').set(bearer(revoked));
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('auth.revoked');
      const ready = await request(centres.url).get('/health/ready').expect(200);
      expect(ready.body.details.revocations.status).toBe('up');
      await request(centres.url).get('/centres/c-2').set(bearer(live)).expect(404);
    } finally {
      await centres.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import request from 'supertest';
import { Job, type JobDocument, type RunningJob } from '#anlao/jobs';
import { localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  finishedJob,
  jobUrl,
  tokenFor,
  uniqueNamespace,
  type JobBody,
  type RunningService,
} from '#anlao/testing';
import type { Resident } from '../src/residents/resident.schema.js';
import { CreditRunJob } from '../src/wallets/credit-run.job.js';
import type { Wallet } from '../src/wallets/wallet.schema.js';
import { nationalId, ORG_UNITS_CSV } from './fixtures.js';
import { startResidents } from './residents-under-test.js';

const PROBLEM = 'application/problem+json';
const HEADER =
  'nationalId,name,sex,birthDate,phone,address,communityCode,hukou,livingArrangement,familyStatus,economicStatus,selfCare,disabilities,chronicConditions';
const ELDERS = 250;

/** An elder on the minimum living guarantee (so every one of them is credited), on line i + 2. */
function csvLine(i: number, community = '210102001001', id = nationalId(birthOf(i), 101 + i)): string {
  return `${id},长者${i},,,1390000${String(i).padStart(4, '0')},地址 ${i},${community},urban,alone,ordinary,dibao,independent,,`;
}
const birthOf = (i: number) => `19${40 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`;

describe('background jobs of the residents service: 202, progress, resumption after a crash', () => {
  const ns = uniqueNamespace();
  // Every instance of this namespace must read what another sealed.
  const keys = {
    RESIDENT_ID_HASH_KEY: randomBytes(32).toString('base64'),
    RESIDENT_DATA_KEY: randomBytes(32).toString('base64'),
  };
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const heping = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210102' }));
  const shenhe = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210103' }));
  const month = localDay(new Date(), 'Asia/Shanghai').slice(0, 7);
  /** Accepts jobs and answers about them, runs none: what is queued stays queued until a runner starts. */
  let idle: RunningService;
  const started: RunningService[] = [];
  const runner = async () => {
    const service = await startResidents(ns, keys);
    started.push(service);
    return service;
  };
  const stopRunners = async () => {
    for (const service of started.splice(0)) await service.close();
  };
  const jobs = () => idle.app.get<Model<JobDocument>>(getModelToken(Job.name));
  const wallets = () => idle.app.get<Model<Wallet>>(getModelToken('Wallet'));
  const residents = () => idle.app.get<Model<Resident>>(getModelToken('Resident'));

  beforeAll(async () => {
    idle = await startResidents(ns, { ...keys, JOBS_RUNNER: 'off' });
    await request(idle.url)
      .post('/org-units/import')
      .set(admin)
      .set('content-type', 'text/csv')
      .send(ORG_UNITS_CSV)
      .expect(200);
  });

  afterAll(async () => {
    await stopRunners();
    await idle?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('refuses bad input with 400 problem+json and queues nothing', async () => {
    const refusals = [
      request(idle.url).post('/wallets/credit-runs').set(admin).send({ month: '2026-13' }),
      request(idle.url).post('/wallets/credit-runs').set(admin).send({ month: '2100-12' }),
      request(idle.url)
        .post('/wallets/credit-runs')
        .set(admin)
        .set('idempotency-key', 'no spaces')
        .send({ month }),
      request(idle.url).post('/eligibility/reassessments').set(admin).send({ date: '2026-02-30' }),
      request(idle.url)
        .post('/residents/import')
        .set(heping)
        .set('content-type', 'text/csv')
        .send('a,b\n1,2'),
      request(idle.url)
        .post('/residents/import')
        .set(heping)
        .set('content-type', 'text/csv')
        .send('"unclosed'),
    ];
    const codes: string[] = [];
    for (const pending of refusals) {
      const res = await pending;
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain(PROBLEM);
      codes.push(res.body.code as string);
    }
    expect(codes).toEqual([
      'request.invalid',
      'wallet.future-month',
      'job.invalid-idempotency-key',
      'request.invalid',
      'csv.invalid',
      'csv.invalid',
    ]);
    expect(await jobs().countDocuments({}).exec()).toBe(0);
    const listed = await request(idle.url).get('/jobs').set(admin).expect(200);
    expect(listed.body).toEqual({ items: [], next: null });
  });

  it('imports a file as a job: 202 and Location, one job for identical submissions, scoped, errors by line', async () => {
    const lines = [HEADER];
    for (let i = 0; i < ELDERS; i++) lines.push(csvLine(i));
    lines.push(csvLine(900, '999999999999', nationalId('1951-05-05', 777))); // line 252: unknown community, found by its page
    lines.push(`${nationalId('1950-01-01', 1)}9${csvLine(901).slice(18)}`); // line 253: 19-character number
    const csv = lines.join('\n');
    const post = () =>
      request(idle.url).post('/residents/import').set(heping).set('content-type', 'text/csv').send(csv);

    const first = await post().expect(202);
    const url = jobUrl(`${idle.url}/residents/import`, first.headers.location);
    expect(new URL(url).pathname).toBe(`/jobs/${first.body.jobId}`);
    expect(first.body).toMatchObject({
      kind: 'residents.import',
      status: 'queued',
      scope: '2101.210102',
      progress: { done: 1, total: ELDERS + 2 },
      counts: { imported: 0, existing: 0, rejected: 1 },
    });
    const again = await post().expect(202);
    expect(again.body.jobId).toBe(first.body.jobId);
    expect(again.headers.location).toBe(first.headers.location);

    // Scope: another district's staff learn nothing of it; the city sees it.
    const hidden = await request(idle.url).get(`/jobs/${first.body.jobId}`).set(shenhe).expect(404);
    expect(hidden.headers['content-type']).toContain(PROBLEM);
    expect(hidden.body.code).toBe('job.not-found');
    expect((await request(idle.url).get('/jobs').set(shenhe).expect(200)).body.items).toEqual([]);
    const cityList = await request(idle.url).get('/jobs').query({ kind: 'residents.import' }).set(admin);
    expect(cityList.body.items.map((j: JobBody) => j.jobId)).toEqual([first.body.jobId]);
    await request(idle.url).get('/jobs').query({ status: 'sleeping' }).set(admin).expect(400);

    await runner();
    const done = await finishedJob(url, heping);
    expect(done).toMatchObject({
      status: 'succeeded',
      counts: { imported: ELDERS, existing: 0, rejected: 2 },
      progress: { done: ELDERS + 2, total: ELDERS + 2 },
      attempts: 1,
    });
    expect(done.errors.map((e) => [e.item, e.code])).toEqual([
      ['line:253', 'resident.invalid'],
      ['line:252', 'resident.invalid'],
    ]);
    expect(JSON.stringify(done)).not.toMatch(/长者|1390000|21010219/);
    expect(await residents().countDocuments({}).exec()).toBe(ELDERS);
    // Its sealed pages went with it.
    const inputs = idle.app.get<Model<{ _id: string }>>(getModelToken('JobInput'));
    expect(await inputs.countDocuments({}).exec()).toBe(0);

    // The same file once the first import has ended: a new job, which finds everyone there.
    const later = await post().expect(202);
    expect(later.body.jobId).not.toBe(first.body.jobId);
    const second = await finishedJob(jobUrl(`${idle.url}/residents/import`, later.headers.location), heping);
    expect(second.counts).toEqual({ imported: 0, existing: ELDERS, rejected: 2 });
    await stopRunners();
  });

  it('resumes a credit run whose runner died half-way, and credits every resident exactly once', async () => {
    const submitted = await request(idle.url)
      .post('/wallets/credit-runs')
      .set(admin)
      .send({ month })
      .expect(202);
    const jobId = submitted.body.jobId as string;
    const resubmitted = await request(idle.url).post('/wallets/credit-runs').set(admin).send({ month });
    expect(resubmitted.status).toBe(202);
    expect(resubmitted.body.jobId).toBe(jobId);

    // A runner that died: it saved page 1 and its checkpoint, credited page 2, and stopped
    // before saving that; its lease has run out.
    const handler = idle.app.get(CreditRunJob);
    const stored = (await jobs().findById(jobId).lean<JobDocument>().exec()) as JobDocument;
    const job: RunningJob = { ...stored, id: jobId, result: {} };
    const start = await handler.start(job);
    job.result = start.result;
    const page1 = await handler.page(job, null);
    const page2 = await handler.page(job, page1.next);
    expect([page1.done, page2.done, page1.counts?.credited, page2.counts?.credited]).toEqual([
      100, 100, 100, 100,
    ]);
    await jobs()
      .updateOne(
        { _id: jobId },
        {
          $set: {
            status: 'running',
            lease: { owner: 'a-runner-that-died', until: new Date(Date.now() - 1000) },
            attempts: 1,
            startedAt: new Date(),
            result: start.result,
            progress: { done: page1.done, total: start.total },
            counts: page1.counts,
            checkpoint: { cursor: page1.next, pages: 1 },
          },
        },
      )
      .exec();
    expect(await wallets().countDocuments({}).exec()).toBe(200);

    await runner();
    const done = await finishedJob(
      jobUrl(`${idle.url}/wallets/credit-runs`, submitted.headers.location),
      admin,
    );
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      result: { ruleSetVersion: 'default-1' },
      progress: { done: ELDERS, total: ELDERS },
      // Page 2, redone, finds its own credits: still counted once, as credited.
      counts: { credited: ELDERS, alreadyCredited: 0, nothingToCredit: 0, failed: 0 },
      errors: [],
    });

    const all = await wallets().find({}).lean<Wallet[]>().exec();
    const people = await residents().find({}).lean<Resident[]>().exec();
    expect(all).toHaveLength(ELDERS);
    const owed = new Map(people.map((r) => [r._id, r.eligibility.monthlyCreditFen]));
    for (const wallet of all) {
      const credits = wallet.entries.filter((e) => e.kind === 'credit' && e.month === month);
      expect(credits.map((e) => e.part).sort()).toEqual(['basic-care', 'living-services']);
      expect(credits.every((e) => e.runId === jobId)).toBe(true);
      expect(wallet.balances).toEqual(owed.get(wallet._id));
    }
    await stopRunners();
  });

  it('cancels a queued job; a reassessment job runs through the residents with a birthday', async () => {
    const date = '2026-03-12';
    const queued = await request(idle.url)
      .post('/eligibility/reassessments')
      .set(admin)
      .send({ date })
      .expect(202);
    await request(idle.url).post(`/jobs/${queued.body.jobId}/cancel`).set(shenhe).expect(404);
    const cancelled = await request(idle.url)
      .post(`/jobs/${queued.body.jobId}/cancel`)
      .set(admin)
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelRequested: false });

    // The key is free again: the same day queues a new job, which a runner carries out.
    const fresh = await request(idle.url)
      .post('/eligibility/reassessments')
      .set(admin)
      .send({ date })
      .expect(202);
    expect(fresh.body.jobId).not.toBe(queued.body.jobId);
    await runner();
    const done = await finishedJob(
      jobUrl(`${idle.url}/eligibility/reassessments`, fresh.headers.location),
      admin,
    );
    const born = Array.from({ length: ELDERS }, (_, i) => birthOf(i)).filter((b) => b.endsWith('-03-12'));
    expect(born.length).toBeGreaterThan(0);
    expect(done).toMatchObject({
      status: 'succeeded',
      result: { trigger: 'age', ruleSetVersion: 'default-1' },
      counts: { assessed: born.length, failed: 0 },
      progress: { done: born.length, total: born.length },
    });
  });

  it('keeps the job of an Idempotency-Key for good, and refuses the key for another request', async () => {
    const key = `credit-${randomBytes(4).toString('hex')}`;
    const post = (body: object) =>
      request(idle.url).post('/wallets/credit-runs').set(admin).set('idempotency-key', key).send(body);
    const first = await post({ month }).expect(202);
    const done = await finishedJob(jobUrl(`${idle.url}/wallets/credit-runs`, first.headers.location), admin);
    // Every resident has this month already: a second run credits nobody.
    expect(done.counts).toMatchObject({ credited: 0, alreadyCredited: ELDERS });
    const retry = await post({ month }).expect(202);
    expect(retry.body).toMatchObject({ jobId: first.body.jobId, status: 'succeeded' });
    const misuse = await post({ month: '2026-01' }).expect(409);
    expect(misuse.body.code).toBe('job.idempotency-key-reused');
  });
});

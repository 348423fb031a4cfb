import { DomainError } from '#anlao/platform';
import {
  applyPage,
  capErrors,
  claimable,
  failureOf,
  finalKey,
  fingerprintOf,
  jobView,
  leaseExpired,
  newJobId,
  submissionKey,
  type JobProgressState,
} from './job-state.js';
import type { JobDocument, JobItemError } from './job.types.js';

const NOW = new Date('2026-11-25T10:00:00Z');
const error = (n: number): JobItemError => ({ item: `line:${n}`, code: 'resident.invalid', detail: 'x' });

describe('job ids', () => {
  it('sort by submission time and fit the id rule of the API', () => {
    const earlier = newJobId(new Date('2026-11-25T10:00:00Z'), 'ffffffffff');
    const later = newJobId(new Date('2026-11-25T10:00:01Z'), '0000000000');
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^job-[a-z0-9]{1,40}$/);
  });
});

describe('submissionKey', () => {
  const base = { kind: 'wallets.credit-run', requestedBy: 'u-1', scope: '2101', fingerprint: 'f' };

  it('makes the same key for the same parameters in the same unit, whoever submits', () => {
    const a = submissionKey(base);
    expect(submissionKey({ ...base, requestedBy: 'u-2' })).toEqual(a);
    expect(a.keyFromClient).toBe(false);
    expect(submissionKey({ ...base, scope: '2101.210102' }).key).not.toBe(a.key);
    expect(submissionKey({ ...base, fingerprint: 'g' }).key).not.toBe(a.key);
    expect(submissionKey({ ...base, kind: 'residents.import' }).key).not.toBe(a.key);
  });

  it('keys a client Idempotency-Key by its caller, whatever the parameters', () => {
    const a = submissionKey({ ...base, idempotencyKey: 'k-1' });
    expect(a.keyFromClient).toBe(true);
    expect(submissionKey({ ...base, idempotencyKey: 'k-1', fingerprint: 'other' }).key).toBe(a.key);
    expect(submissionKey({ ...base, idempotencyKey: 'k-1', requestedBy: 'u-2' }).key).not.toBe(a.key);
    expect(submissionKey({ ...base, idempotencyKey: 'k-2' }).key).not.toBe(a.key);
  });

  it('lets a parameter key go when the job ends, keeps a client key', () => {
    expect(finalKey({ _id: 'job-1', key: 'k', keyFromClient: false })).toBe('k#job-1');
    expect(finalKey({ _id: 'job-1', key: 'k', keyFromClient: true })).toBe('k');
  });
});

describe('fingerprintOf', () => {
  it('does not depend on the order of keys, and tells different values apart', () => {
    expect(fingerprintOf({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      fingerprintOf({ b: [1, { d: 3, c: 2 }], a: 1 }),
    );
    expect(fingerprintOf({ month: '2026-11' })).not.toBe(fingerprintOf({ month: '2026-10' }));
    expect(fingerprintOf('a,b\n1,2')).not.toBe(fingerprintOf('a,b\n1,3'));
  });
});

describe('capErrors', () => {
  it('keeps the first errors up to the cap and counts the rest', () => {
    const first = capErrors([], 0, [error(1), error(2), error(3)], 4);
    expect(first).toEqual({ errors: [error(1), error(2), error(3)], errorsDropped: 0 });
    const second = capErrors(first.errors, first.errorsDropped, [error(4), error(5), error(6)], 4);
    expect(second.errors.map((e) => e.item)).toEqual(['line:1', 'line:2', 'line:3', 'line:4']);
    expect(second.errorsDropped).toBe(2);
    expect(capErrors(second.errors, second.errorsDropped, [error(7)], 4).errorsDropped).toBe(3);
  });
});

describe('applyPage', () => {
  const start: JobProgressState = {
    progress: { done: 0, total: 250 },
    counts: {},
    errors: [],
    errorsDropped: 0,
    checkpoint: { cursor: null, pages: 0 },
  };

  it('adds counts and done, and moves the checkpoint past the page', () => {
    const one = applyPage(start, {
      done: 100,
      counts: { credited: 98, failed: 2 },
      errors: [error(1), error(2)],
      next: 'r-100',
    });
    const two = applyPage(one, { done: 100, counts: { credited: 100 }, next: 'r-200' });
    expect(two).toEqual({
      progress: { done: 200, total: 250 },
      counts: { credited: 198, failed: 2 },
      errors: [error(1), error(2)],
      errorsDropped: 0,
      checkpoint: { cursor: 'r-200', pages: 2 },
    });
    expect(start.counts).toEqual({});
  });

  it('never shows more done than the total counted at the start', () => {
    const more = applyPage(start, { done: 300, next: null });
    expect(more.progress).toEqual({ done: 300, total: 300 });
    expect(more.checkpoint).toEqual({ cursor: null, pages: 1 });
    expect(
      applyPage({ ...start, progress: { done: 0, total: null } }, { done: 5, next: null }).progress,
    ).toEqual({
      done: 5,
      total: null,
    });
  });
});

describe('claimable', () => {
  const job = (
    _id: string,
    status: JobDocument['status'],
    until?: string,
    kind = 'k',
  ): Pick<JobDocument, '_id' | 'kind' | 'status' | 'lease'> => ({
    _id,
    kind,
    status,
    lease: until ? { owner: 'o', until: new Date(until) } : null,
  });

  it('takes abandoned jobs first, then queued ones oldest first, only of known kinds', () => {
    const order = claimable(
      [
        job('job-3', 'queued'),
        job('job-1', 'queued'),
        job('job-2', 'running', '2026-11-25T09:59:59Z'),
        job('job-4', 'running', '2026-11-25T10:00:30Z'),
        job('job-0', 'queued', undefined, 'other'),
      ],
      ['k'],
      NOW,
    );
    expect(order.map((j) => j._id)).toEqual(['job-2', 'job-1', 'job-3']);
  });

  it('sees a lease as expired at its end and without one', () => {
    expect(leaseExpired({ owner: 'o', until: NOW }, NOW)).toBe(true);
    expect(leaseExpired({ owner: 'o', until: new Date(NOW.getTime() + 1) }, NOW)).toBe(false);
    expect(leaseExpired(null, NOW)).toBe(true);
  });
});

describe('failureOf and jobView', () => {
  it('shows a domain error as it is and hides anything else', () => {
    expect(failureOf(new DomainError('unprocessable', 'job.input-missing', 'page 3 is missing'))).toEqual({
      code: 'job.input-missing',
      detail: 'page 3 is missing',
    });
    const hidden = failureOf(new Error('E11000 duplicate key: { name: "王秀英" }'));
    expect(hidden.code).toBe('job.internal-error');
    expect(JSON.stringify(hidden)).not.toContain('王');
  });

  it('shows no lease, key or fingerprint, and a cancellation only while the job lives', () => {
    const doc: JobDocument = {
      _id: 'job-1',
      kind: 'k',
      key: 'secret-key',
      keyFromClient: false,
      fingerprint: 'fp',
      requestedBy: 'u-1',
      requesterRole: 'city-admin',
      scope: '2101',
      correlationId: 'c',
      params: { month: '2026-11' },
      result: {},
      status: 'running',
      progress: { done: 1, total: 2 },
      counts: { credited: 1 },
      errors: [],
      errorsDropped: 0,
      checkpoint: { cursor: 'r-1', pages: 1 },
      lease: { owner: 'host:1:ab', until: NOW },
      attempts: 1,
      recoveries: 0,
      inputChunks: 0,
      failure: null,
      createdAt: NOW,
      startedAt: NOW,
      updatedAt: NOW,
      finishedAt: null,
    };
    const view = jobView(doc, true);
    expect(view).toMatchObject({ jobId: 'job-1', cancelRequested: true, createdAt: NOW.toISOString() });
    expect(JSON.stringify(view)).not.toMatch(/secret-key|host:1|"fp"/);
    expect(jobView({ ...doc, status: 'succeeded' }, true).cancelRequested).toBe(false);
  });
});

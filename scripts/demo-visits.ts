/**
 * Reporting the demo city's visits through the public API. Centres answer per item
 * and accept only residents their read model has read from the residents events
 * (ADR 0021); residents imported moments ago may still be `rejected`
 * `resident.unknown` with `retryable: true`, so those items are sent again, a
 * bounded time, until the read model has caught up.
 */
import { READ_MODEL_POLL_MAX_MS, READ_MODEL_WAIT_MS, sleep } from './demo-http.js';

export interface DemoVisit {
  visitId: string;
  residentId: string;
  activity: string;
  checkInAt: string;
  checkOutAt: string;
}

export interface ItemResult {
  visitId: string;
  status: 'recorded' | 'duplicate' | 'conflict' | 'rejected';
  code?: string;
  retryable?: boolean;
}

export interface VisitTally {
  sent: number;
  recorded: number;
  duplicates: number;
  conflicts: number;
  /** Items still refused at the end, by code. */
  rejected: Record<string, number>;
  /** Items sent again because they were refused as retryable. */
  retried: number;
}

/** Items per request (the API takes up to 1,000). */
export const VISIT_BATCH = 500;
/** Items sent first, alone, until the centre knows their residents: a cheap probe of its read model. */
export const PROBE = 3;

export function emptyTally(): VisitTally {
  return { sent: 0, recorded: 0, duplicates: 0, conflicts: 0, rejected: {}, retried: 0 };
}

function count(tally: VisitTally, r: ItemResult): void {
  if (r.status === 'recorded') tally.recorded++;
  else if (r.status === 'duplicate') tally.duplicates++;
  else if (r.status === 'conflict') tally.conflicts++;
  else {
    const code = r.code ?? 'unknown';
    tally.rejected[code] = (tally.rejected[code] ?? 0) + 1;
  }
}

/** What one `reportVisits` took: rounds of requests, items sent again, time spent pausing. */
export interface VisitRounds {
  rounds: number;
  retried: number;
  waitedMs: number;
}

/**
 * Sends the visits in batches. Items refused as retryable go again after a pause (0.2 s, growing
 * to 5 s), for at most `retryForMs` in all. Adds every item's final result to `tally`.
 */
export async function reportVisits(
  post: (visits: DemoVisit[]) => Promise<{ results: ItemResult[] }>,
  visits: DemoVisit[],
  tally: VisitTally,
  { retryForMs = READ_MODEL_WAIT_MS } = {},
): Promise<VisitRounds> {
  tally.sent += visits.length;
  const deadline = Date.now() + retryForMs;
  const done: VisitRounds = { rounds: 0, retried: 0, waitedMs: 0 };
  let pause = 200;
  let pending = visits;
  while (pending.length > 0) {
    done.rounds++;
    const last = Date.now() > deadline;
    const again: DemoVisit[] = [];
    for (let i = 0; i < pending.length; i += VISIT_BATCH) {
      const batch = pending.slice(i, i + VISIT_BATCH);
      const { results } = await post(batch);
      if (results.length !== batch.length)
        throw new Error(`visits: ${results.length} results for ${batch.length} items`);
      results.forEach((r, j) => {
        if (r.status === 'rejected' && r.retryable && !last) again.push(batch[j] as DemoVisit);
        else count(tally, r);
      });
    }
    if (again.length > 0) {
      tally.retried += again.length;
      done.retried += again.length;
      done.waitedMs += pause;
      await sleep(pause);
      pause = Math.min(READ_MODEL_POLL_MAX_MS, Math.ceil(pause * 1.5));
    }
    pending = again;
  }
  return done;
}

/** "2,080 sent: 2,080 recorded, 0 duplicates, 0 conflicts, 0 rejected; 12 retried" */
export function describeTally(t: VisitTally): string {
  const rejected = Object.values(t.rejected).reduce((a, b) => a + b, 0);
  const codes = Object.entries(t.rejected)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `${n(t.sent)} visits sent: ${n(t.recorded)} recorded, ${n(t.duplicates)} duplicates, ` +
    `${n(t.conflicts)} conflicts, ${n(rejected)} rejected${codes ? ` (${codes})` : ''}; ` +
    `${n(t.retried)} retried while centres caught up with residents`
  );
}

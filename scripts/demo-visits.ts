/**
 * Reporting the demo city's visits through the public API. Centres answer per item
 * and accept only residents their read model has read from the residents events
 * (ADR 0021); residents imported moments ago may still be `rejected`
 * `resident.unknown` with `retryable: true`, so those items are sent again, a
 * bounded number of times, until the read model has caught up.
 */

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
/** Retry rounds and the pause between them: the read model normally trails by under a second. */
export const RETRY_ROUNDS = 60;
export const RETRY_PAUSE_MS = 1_000;

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

/**
 * Sends the visits in batches; items refused as retryable go again after a pause, at
 * most `rounds` times. Adds every item's final result to `tally`.
 */
export async function reportVisits(
  post: (visits: DemoVisit[]) => Promise<{ results: ItemResult[] }>,
  visits: DemoVisit[],
  tally: VisitTally,
  { rounds = RETRY_ROUNDS, pauseMs = RETRY_PAUSE_MS } = {},
): Promise<void> {
  tally.sent += visits.length;
  let pending = visits;
  for (let round = 0; pending.length > 0; round++) {
    const again: DemoVisit[] = [];
    for (let i = 0; i < pending.length; i += VISIT_BATCH) {
      const batch = pending.slice(i, i + VISIT_BATCH);
      const { results } = await post(batch);
      if (results.length !== batch.length)
        throw new Error(`visits: ${results.length} results for ${batch.length} items`);
      results.forEach((r, j) => {
        if (r.status === 'rejected' && r.retryable && round < rounds) again.push(batch[j] as DemoVisit);
        else count(tally, r);
      });
    }
    if (again.length > 0) {
      tally.retried += again.length;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    pending = again;
  }
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

/** Ids of a community's active residents, from the residents API (paged by id). */
export async function residentsOf(
  get: (path: string) => Promise<{ items: { residentId: string }[]; next: string | null }>,
  communityCode: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let after: string | null = null, first = true; first || after; first = false) {
    const page = await get(
      `/api/residents/residents?community=${communityCode}&status=active&limit=200${after ? `&after=${after}` : ''}`,
    );
    ids.push(...page.items.map((r) => r.residentId));
    after = page.next;
  }
  return ids;
}

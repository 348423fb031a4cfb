/**
 * The large city's people through the residents API: its org units in one CSV, its elders in
 * CSV chunks (one import job at a time, each waited for), then each community's resident ids,
 * read back from the list and put in row order by their phone numbers.
 */
import type { Checkpoint } from './demo-large-checkpoint.js';
import type { StaffSession } from './demo-large-auth.js';
import { chunkCsv, chunkRange, orgUnitsCsv, type CityPlan, type Community } from './demo-large-plan.js';
import type { LargeProgress } from './demo-large-progress.js';
import { GATEWAY, inParallel, poller, sleep } from './demo-http.js';
import { rowOfPhone } from './demo-population.js';

/** The gateway's default BODY_LIMIT_BYTES: a larger body is refused (413) before any service sees it. */
const GATEWAY_BODY_LIMIT = 1_048_576;

export interface Run {
  plan: CityPlan;
  seed: number;
  admin: StaffSession;
  checkpoint: Checkpoint;
  progress: LargeProgress;
  /** Set by Ctrl-C: finish the unit in flight, save, stop. */
  stopping: { now: boolean };
}

async function json<T>(res: Promise<Response>, what: string): Promise<T> {
  const r = await res;
  if (r.status >= 400) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

export async function importOrgUnits(run: Run): Promise<void> {
  const { plan, checkpoint, progress } = run;
  const units = plan.districts.length + plan.streets.length + plan.communities.length;
  progress.start('org units', units, checkpoint.state.orgUnits ? units : 0, 'units');
  if (!checkpoint.state.orgUnits) {
    await json(
      run.admin.call('POST', '/api/residents/org-units/import', orgUnitsCsv(plan), {
        'content-type': 'text/csv',
      }),
      'org units',
    );
    checkpoint.state.orgUnits = true;
    checkpoint.save();
    progress.add(units);
  }
  progress.end();
}

/** A job the API accepted (202 + Location), waited for; its counts. Polled with the session's token. */
async function jobCounts(run: Run, accepted: Response, what: string): Promise<Record<string, number>> {
  if (accepted.status !== 202) throw new Error(`${what}: ${accepted.status} ${await accepted.text()}`);
  await accepted.body?.cancel();
  const base = `${GATEWAY}/api/residents/residents/import`;
  const path = new URL(accepted.headers.get('location') ?? '', base).pathname;
  const poll = poller(`${what} (job)`, { firstMs: 500, maxMs: 2_000, timeoutMs: 1_800_000 });
  let shown = 0;
  for (;;) {
    const job = await json<{
      status: string;
      counts: Record<string, number>;
      failure: unknown;
      progress?: { done: number };
    }>(run.admin.call('GET', path), `${what} (job)`);
    // The bar moves with the job's pages (100 rows each), not only when a chunk ends.
    const done = job.progress?.done ?? 0;
    if (done > shown) run.progress.add(done - shown);
    shown = Math.max(shown, done);
    if (job.status === 'succeeded') return { ...job.counts, shown };
    if (job.status === 'failed' || job.status === 'cancelled')
      throw new Error(`${what}: job ${job.status} ${JSON.stringify(job.failure)}`);
    await poll.wait();
  }
}

/** Every chunk not imported yet, in order, one job at a time. */
export async function importResidents(run: Run): Promise<void> {
  const { plan, checkpoint, progress, seed } = run;
  const pending = Array.from({ length: plan.chunks }, (_, i) => i).filter(
    (i) => !checkpoint.has('chunks', i),
  );
  progress.start('residents', plan.residents, plan.residents - rowsOf(plan, pending), 'residents');
  for (const chunk of pending) {
    if (run.stopping.now) break;
    const csv = chunkCsv(plan, seed, chunk);
    const bytes = Buffer.byteLength(csv);
    if (bytes > GATEWAY_BODY_LIMIT)
      throw new Error(`residents chunk ${chunk} is ${bytes} bytes, over the gateway's body limit`);
    const what = `import residents chunk ${chunk + 1}/${plan.chunks}`;
    const accepted = await run.admin.call('POST', '/api/residents/residents/import', csv, {
      'content-type': 'text/csv',
    });
    const counts = await jobCounts(run, accepted, what);
    const t = checkpoint.state.totals;
    t.imported += counts.imported ?? 0;
    t.existing += counts.existing ?? 0;
    t.rowsRejected += counts.rejected ?? 0;
    if ((counts.rejected ?? 0) > 0)
      progress.say(`${what}: ${counts.rejected} rows rejected (see GET ${accepted.headers.get('location')})`);
    checkpoint.complete('chunks', chunk);
    const { from, to } = chunkRange(plan, chunk);
    progress.add(Math.max(0, to - from - (counts.shown ?? 0)));
  }
  progress.end();
}

const rowsOf = (plan: CityPlan, chunks: number[]) =>
  chunks.reduce((sum, c) => sum + chunkRange(plan, c).to - chunkRange(plan, c).from, 0);

/** A page of a list; a 5xx (the store timing out under load) is asked again, up to 5 times. */
async function listPage(run: Run, path: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const res = await run.admin.call('GET', path);
    if (res.status < 500 || attempt === 5) return res;
    await res.body?.cancel();
    await sleep(2_000 * attempt);
  }
}

/** A community's active residents by row: the list is by id, the phone says the row. */
async function idsOf(run: Run, community: Community): Promise<(string | null)[]> {
  const ids: (string | null)[] = new Array<string | null>(community.rows).fill(null);
  for (let after: string | null = null, first = true; first || after; first = false) {
    const page: { items: { residentId: string; phone: string }[]; next: string | null } = await json(
      listPage(
        run,
        `/api/residents/residents?community=${community.code}&status=active&limit=200${after ? `&after=${after}` : ''}`,
      ),
      `residents of ${community.code}`,
    );
    for (const r of page.items) {
      const at = rowOfPhone(r.phone) - community.firstRow;
      if (at >= 0 && at < community.rows) ids[at] = r.residentId;
    }
    after = page.next;
  }
  return ids;
}

/**
 * Each community's ids not listed yet, one community at a time (on FerretDB a page of the list
 * by community scans the residents: several at once time out); kept beside the checkpoint.
 */
export async function listResidents(run: Run): Promise<number> {
  const { plan, checkpoint, progress } = run;
  const pending = plan.communities.filter((c) => !checkpoint.has('listed', c.code));
  progress.start(
    'resident ids',
    plan.residents,
    plan.residents - pending.reduce((s, c) => s + c.rows, 0),
    'residents',
  );
  let missing = 0;
  await inParallel(pending, 1, async (community) => {
    if (run.stopping.now) return;
    const ids = await idsOf(run, community);
    missing += ids.filter((id) => id === null).length;
    checkpoint.writeIds(community.code, ids);
    checkpoint.complete('listed', community.code);
    progress.add(community.rows);
  });
  progress.end();
  return missing;
}

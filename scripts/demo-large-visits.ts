/**
 * The large city's visits: for each (centre, month) not done yet, its weekdays' visits by the
 * street's elders, in batches of 1,000 with the centre's token, four requests in flight. Days
 * older than the centres' late window (VISIT_LATE_WINDOW_DAYS, asked of the API first) are left
 * for a later run: such a (centre, month) is not marked done.
 */
import type { ClientSession } from './demo-large-auth.js';
import {
  insideLateWindow,
  visitsOf,
  visitsOnDay,
  type LargeVisit,
  type MonthPlan,
} from './demo-large-days.js';
import type { Street } from './demo-large-plan.js';
import type { Run } from './demo-large-residents.js';
import { inParallel, READ_MODEL_WAIT_MS, sleep } from './demo-http.js';

const BATCH = 1_000;
const IN_FLIGHT = 4;

interface ItemResult {
  status: 'recorded' | 'duplicate' | 'conflict' | 'rejected';
  code?: string;
  reason?: string;
  retryable?: boolean;
}

async function post(session: ClientSession, centreId: string, visits: LargeVisit[]): Promise<ItemResult[]> {
  const res = await session.call('POST', `/api/centres/centres/${centreId}/visits`, { visits });
  if (res.status >= 400) throw new Error(`visits of ${centreId}: ${res.status} ${await res.text()}`);
  const { results } = (await res.json()) as { results: ItemResult[] };
  if (results.length !== visits.length) throw new Error(`visits of ${centreId}: ${results.length} results`);
  return results;
}

/**
 * The centres' late window in days, read from the API: a visit a year and two days old is
 * refused `visit.too-late` (before anything about its resident) with the window in its reason.
 */
export async function lateWindowDays(
  session: ClientSession,
  centreId: string,
  residentId: string,
): Promise<number> {
  const checkIn = new Date(Date.now() - 368 * 86_400_000);
  checkIn.setUTCHours(1, 0, 0, 0);
  const [result] = await post(session, centreId, [
    {
      visitId: 'late-window-probe',
      residentId,
      activity: 'meal',
      checkInAt: checkIn.toISOString(),
      checkOutAt: new Date(checkIn.getTime() + 3_600_000).toISOString(),
    },
  ]);
  const days = /late window of (\d+) days/.exec(result?.reason ?? '')?.[1];
  if (result?.code !== 'visit.too-late' || !days)
    throw new Error(`late-window probe: unexpected answer ${JSON.stringify(result)}`);
  return Number(days);
}

/** Sends one batch; items refused as retryable (`resident.unknown` while centres catch up) go again. */
async function sendBatch(
  run: Run,
  session: ClientSession,
  centreId: string,
  batch: LargeVisit[],
): Promise<void> {
  const totals = run.checkpoint.state.totals;
  const deadline = Date.now() + READ_MODEL_WAIT_MS;
  let pending = batch;
  let pause = 200;
  while (pending.length > 0) {
    const results = await post(session, centreId, pending);
    const again: LargeVisit[] = [];
    results.forEach((r, i) => {
      if (r.status === 'rejected' && r.retryable && Date.now() < deadline)
        again.push(pending[i] as LargeVisit);
      else if (r.status === 'recorded') totals.recorded++;
      else if (r.status === 'duplicate') totals.duplicates++;
      else if (r.status === 'conflict') totals.conflicts++;
      else totals.rejected[r.code ?? 'unknown'] = (totals.rejected[r.code ?? 'unknown'] ?? 0) + 1;
    });
    run.progress.add(pending.length - again.length);
    pending = again;
    if (again.length > 0) {
      await sleep(pause);
      pause = Math.min(5_000, pause * 2);
    }
  }
}

export interface VisitUnit {
  street: Street;
  month: MonthPlan;
  pool: string[];
}

/** The days of a unit inside the late window now, and whether any was left out. */
function daysToSend(unit: VisitUnit, windowDays: number): { days: string[]; leftOut: number } {
  const now = Date.now();
  const days = unit.month.days.filter((d) => insideLateWindow(d, now, windowDays));
  return { days, leftOut: unit.month.days.length - days.length };
}

/** Visits of the units inside the late window now (the progress bar's total), and outside it. */
export function plannedVisits(
  run: Run,
  units: VisitUnit[],
  windowDays: number,
): { inside: number; outside: number } {
  const now = Date.now();
  const planned = { inside: 0, outside: 0 };
  for (const u of units)
    for (const d of u.month.days)
      planned[insideLateWindow(d, now, windowDays) ? 'inside' : 'outside'] += visitsOnDay(
        run.seed,
        u.street.centreId,
        d,
        u.pool.length,
      );
  return planned;
}

/** Sends every unit, four batches in flight; returns the visits left out as too old for the window. */
export async function sendVisits(
  run: Run,
  units: VisitUnit[],
  sessions: Map<string, ClientSession>,
  windowDays: number,
): Promise<number> {
  let leftOut = 0;
  await inParallel(units, IN_FLIGHT, async (unit) => {
    if (run.stopping.now) return;
    const centreId = unit.street.centreId;
    const session = sessions.get(centreId) as ClientSession;
    const { days, leftOut: skippedDays } = daysToSend(unit, windowDays);
    for (const d of unit.month.days.filter((day) => !days.includes(day)))
      leftOut += visitsOnDay(run.seed, centreId, d, unit.pool.length);
    const visits = days.flatMap((d) => visitsOf(run.seed, centreId, d, unit.pool));
    for (let i = 0; i < visits.length; i += BATCH) {
      if (run.stopping.now) return;
      await sendBatch(run, session, centreId, visits.slice(i, i + BATCH));
    }
    if (skippedDays === 0) run.checkpoint.complete('visits', `${centreId}:${unit.month.month}`);
    else run.checkpoint.save();
  });
  return leftOut;
}

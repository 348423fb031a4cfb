/**
 * The large city's load, phase after phase, each skipping what the checkpoint says is done:
 * org units, residents (CSV chunks), each community's resident ids, centres and their clients,
 * then visits month by month. Ctrl-C lets the units in flight end, saves, and stops; the same
 * command carries on from there.
 */
import { resolve } from 'node:path';
import { StaffSession } from './demo-large-auth.js';
import { centreSessions, loadCentres } from './demo-large-centres.js';
import { Checkpoint } from './demo-large-checkpoint.js';
import { cityYesterday, visitMonths, windowNeeded } from './demo-large-days.js';
import type { LargeOptions } from './demo-large-options.js';
import { cityPlan } from './demo-large-plan.js';
import { LargeProgress } from './demo-large-progress.js';
import { importOrgUnits, importResidents, listResidents, type Run } from './demo-large-residents.js';
import { lateWindowDays, plannedVisits, sendVisits, type VisitUnit } from './demo-large-visits.js';
import { DEMO_CITY_ADMIN, demoPassword } from './demo-accounts.js';
import { GATEWAY } from './demo-http.js';

const ADMIN = DEMO_CITY_ADMIN.username;
const PASSWORD = demoPassword();
/** The admin's pace: under the gateway's 600 requests a minute per caller. */
const ADMIN_PER_SECOND = 9;
const n = (x: number) => x.toLocaleString('en-US');

async function platformAnswers(): Promise<void> {
  try {
    const res = await fetch(`${GATEWAY}/health`, { signal: AbortSignal.timeout(5_000) });
    await res.body?.cancel();
    if (res.ok) return;
    throw new Error(`status ${res.status}`);
  } catch (error) {
    throw new Error(
      `the platform does not answer at ${GATEWAY} (${error instanceof Error ? error.message : String(error)}).\n` +
        'Start it in another terminal with `npm start` and wait for "ready" (or pass --gateway URL).',
      { cause: error },
    );
  }
}

/** The (centre, month) units not done yet, each with its street's resident ids. */
function visitUnits(run: Run, months: ReturnType<typeof visitMonths>): VisitUnit[] {
  const units: VisitUnit[] = [];
  for (const street of run.plan.streets) {
    const pool = street.communities
      .flatMap((c) => run.checkpoint.readIds(c.code))
      .filter((id) => id !== null);
    for (const month of months)
      if (!run.checkpoint.has('visits', `${street.centreId}:${month.month}`))
        units.push({ street, month, pool });
  }
  // Month by month, so an interrupted load has whole early months rather than a bit of each.
  return units.sort((a, b) => a.month.month.localeCompare(b.month.month));
}

async function visitsPhase(run: Run, months: ReturnType<typeof visitMonths>): Promise<void> {
  const units = visitUnits(run, months);
  const total = units.length;
  if (total === 0) {
    run.progress.start('visits', 0, 0, 'visits');
    return run.progress.end();
  }
  const sessions = await centreSessions(run);
  const first = units[0] as VisitUnit;
  const window = await lateWindowDays(
    sessions.get(first.street.centreId)!,
    first.street.centreId,
    first.pool[0]!,
  );
  const planned = plannedVisits(run, units, window);
  const oldest = months[0]?.days[0] ?? run.checkpoint.state.until;
  run.progress.say(
    `visits: ${n(planned.inside + planned.outside)} planned in ${n(total)} (centre, month) units; ` +
      `centres' late window ${window} days (VISIT_LATE_WINDOW_DAYS)`,
  );
  if (planned.outside > 0)
    run.progress.say(
      `visits: ${n(planned.outside)} of them are older than that window and are not sent: the centres ` +
        `would refuse them as visit.too-late. To load all, restart the centres with ` +
        `VISIT_LATE_WINDOW_DAYS=${windowNeeded(oldest, Date.now())} (at most 366) and run this again.`,
    );
  run.progress.start('visits', planned.inside, 0, 'visits');
  const leftOut = await sendVisits(run, units, sessions, window);
  run.progress.end();
  if (leftOut > 0)
    run.progress.say(`visits: ${n(leftOut)} left out as older than the late window (see above)`);
}

function report(run: Run, started: number): void {
  const t = run.checkpoint.state.totals;
  const refused = Object.entries(t.rejected);
  const lines = [
    '',
    ...run.progress.summary(),
    '',
    `residents (all runs): ${n(t.imported)} imported, ${n(t.existing)} already there, ${n(t.rowsRejected)} rows rejected`,
    `visits (all runs): ${n(t.recorded)} recorded, ${n(t.duplicates)} duplicates, ${n(t.conflicts)} conflicts, ` +
      `${n(refused.reduce((s, [, c]) => s + c, 0))} rejected${refused.length ? ` (${refused.map(([c, k]) => `${c} ${n(k)}`).join(', ')})` : ''}`,
    ...(t.rejected['visit.too-late']
      ? [
          `  visit.too-late: older than the centres' late window (VISIT_LATE_WINDOW_DAYS) when they arrived; ` +
            'a larger window on the centres takes them on the next run',
        ]
      : []),
    `checkpoint: ${run.checkpoint.file}; this run ${((Date.now() - started) / 1000).toFixed(1)} s`,
  ];
  for (const line of lines) process.stderr.write(`${line}\n`);
}

export async function runLargeCity(options: LargeOptions & { residents: number }): Promise<void> {
  const started = Date.now();
  await platformAnswers();
  const plan = cityPlan(options.residents);
  const root = resolve(process.cwd(), '.local/demo-city');
  const key = { seed: options.seed, residents: options.residents, months: options.months };
  const checkpoint = new Checkpoint(root, { ...key, until: cityYesterday(new Date()) }, options.restart);
  const progress = new LargeProgress();
  const run: Run = {
    plan,
    seed: options.seed,
    admin: new StaffSession(ADMIN, PASSWORD, ADMIN_PER_SECOND),
    checkpoint,
    progress,
    stopping: { now: false },
  };
  const stop = () => {
    if (run.stopping.now) process.exit(130);
    run.stopping.now = true;
    progress.say('stopping: the units in flight end and are saved (Ctrl-C again: stop at once)…');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const months = visitMonths(checkpoint.state.until, options.months);
  progress.say(
    `demo city: ${n(plan.residents)} elders in ${plan.communities.length} communities, ${plan.streets.length} streets ` +
      `(one centre each), ${plan.districts.length} districts; visits ${months[0]?.days[0]} to ${checkpoint.state.until}; ` +
      `${checkpoint.resumed ? 'resuming' : 'starting'} (${checkpoint.file})`,
  );
  await run.admin.token();
  const phases = [
    importOrgUnits,
    importResidents,
    listResidents,
    loadCentres,
    (r: Run) => visitsPhase(r, months),
  ];
  for (const phase of phases) {
    if (run.stopping.now) break;
    const missing = await phase(run);
    if (typeof missing === 'number' && missing > 0)
      progress.say(`resident ids: ${n(missing)} rows not found in the lists`);
  }
  progress.stop();
  checkpoint.save();
  report(run, started);
  if (run.stopping.now) {
    process.stderr.write('stopped; run the same command again to carry on\n');
    process.exit(130);
  }
}

// The short account of a fuzz run, read from schemathesis's NDJSON event stream.
// It names operations, statuses and checks only: never tokens, never bodies.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO } from '../lib/platform.mjs';

/** Everything the summary needs from one identity's run. */
export function readRun(ndjsonPath) {
  const operations = new Set();
  const cases = new Set();
  const statuses = new Map();
  const failures = new Map();
  if (!existsSync(ndjsonPath)) return { operations, cases: 0, statuses, failures: [] };
  for (const line of readFileSync(ndjsonPath, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const finished = JSON.parse(line).ScenarioFinished;
    if (!finished?.recorder) continue;
    const { label, interactions = {}, checks = {} } = finished.recorder;
    operations.add(label);
    for (const [caseId, interaction] of Object.entries(interactions)) {
      if (cases.has(caseId)) continue;
      cases.add(caseId);
      const status = interaction.response?.status_code ?? 'no response';
      const cls = typeof status === 'number' ? `${Math.floor(status / 100)}xx` : status;
      statuses.set(cls, (statuses.get(cls) ?? 0) + 1);
    }
    for (const [caseId, results] of Object.entries(checks)) {
      for (const check of results) {
        if (check.status !== 'failure') continue;
        const status = interactions[caseId]?.response?.status_code ?? 'no response';
        const key = `${label} ${status} ${check.name}`;
        const seen = failures.get(key);
        if (seen) seen.count++;
        else failures.set(key, { label, status, check: check.name, caseId, count: 1 });
      }
    }
  }
  return { operations, cases: cases.size, statuses, failures: [...failures.values()] };
}

/** Prints the summary; true when the run failed. */
export function printSummary(runs, say) {
  let failed = false;
  for (const run of runs) {
    const { operations, cases, statuses, failures } = readRun(run.ndjson);
    const byClass = [...statuses.entries()]
      .sort()
      .map(([cls, n]) => `${cls} ${n}`)
      .join(', ');
    say(`${run.identity}: ${operations.size} operations, ${cases} requests (${byClass || 'none'})`);
    for (const f of failures.sort((a, b) => a.label.localeCompare(b.label)))
      say(`  FAIL ${f.label} → ${f.status} (${f.check}; ${f.count}×, e.g. case ${f.caseId})`);
    if (run.timedOut) say(`  FAIL schemathesis ran past its wall-clock cap and was stopped`);
    // A non-zero exit with no failing check: schemathesis itself failed (schema not loaded, crash).
    const broken = run.exitCode !== 0 && failures.length === 0;
    if (broken) say(`  FAIL schemathesis exited ${run.exitCode}; see ${relative(REPO, run.log)}`);
    else if (operations.size === 0) say(`  FAIL no operation was tested; see ${relative(REPO, run.log)}`);
    failed ||= failures.length > 0 || run.timedOut || broken || operations.size === 0;
  }
  say(failed ? 'FAILED' : 'passed: no server errors, every error answer is problem+json');
  return failed;
}

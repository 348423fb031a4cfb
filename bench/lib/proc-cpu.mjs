// Where a phase's CPU went, per process group, read from /proc (Linux only;
// elsewhere the snapshots are empty and the breakdown says so). On a small
// shared machine this names the stage that burns the cores: a service, the
// broker, the store's two halves (FerretDB, PostgreSQL), the benchmark itself,
// or everything else (other people's work).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repo } from './bench-kit.mjs';

const TICKS_PER_SEC = 100; // USER_HZ on every Linux this runs on

function readPid(file) {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** The local infrastructure's own pids (deploy/local/infra.sh writes them). */
export function infraPids(stateDir = process.env.LOCAL_INFRA_DIR || join(repo, '.local')) {
  return {
    kafka: readPid(join(stateDir, 'pids/kafka.pid')),
    docstore: readPid(join(stateDir, 'pids/docstore.pid')),
  };
}

/** utime + stime (ticks), parent and command of every process now. */
function readAll() {
  const procs = new Map();
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return procs;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // After "pid (comm) ": state ppid … utime is field 14, stime 15 (1-based, whole line).
      procs.set(Number(name), { comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return procs;
}

/**
 * A snapshot of CPU ticks per group. `groups` maps a name to root pids: each
 * root and its descendants count for that group; PostgreSQL's processes
 * (`postgres`) form their own; this process is `bench`; the rest `other`.
 */
export function cpuSnapshot(groups) {
  const procs = readAll();
  const rootOf = new Map();
  for (const [group, pids] of Object.entries(groups)) for (const pid of pids) if (pid) rootOf.set(pid, group);
  rootOf.set(process.pid, 'bench');
  const groupOf = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (rootOf.has(p)) return rootOf.get(p);
      const proc = procs.get(p);
      if (!proc) break;
      if (proc.comm === 'postgres') return 'postgres';
      p = proc.ppid;
    }
    return 'other';
  };
  const pids = new Map();
  for (const [pid, proc] of procs) pids.set(pid, { group: groupOf(pid), ticks: proc.ticks });
  return { at: performance.now(), pids };
}

/**
 * CPU used per group between two snapshots, in % of one core, largest first.
 * Processes that started in between count from zero; those that ended in between are not counted.
 */
export function cpuBetween(before, after) {
  const secs = (after.at - before.at) / 1000;
  if (secs <= 0 || after.pids.size === 0) return null;
  const used = {};
  for (const [pid, { group, ticks }] of after.pids) {
    const was = before.pids.get(pid)?.ticks ?? 0;
    used[group] = (used[group] ?? 0) + Math.max(0, ticks - was);
  }
  return Object.fromEntries(
    Object.entries(used)
      .map(([g, t]) => [g, Math.round((t / TICKS_PER_SEC / secs) * 100)])
      .sort((a, b) => b[1] - a[1]),
  );
}

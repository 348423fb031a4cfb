// Resident memory of processes, read from /proc/<pid>/status (Linux only; elsewhere every figure is
// null): VmRSS sampled on a timer while a load runs (its peak is the figure) and VmHWM, the kernel's
// own high-water mark of the process's whole life.

import { readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';

const MIB = 1024; // /proc reports kB

/** `{ rssMiB, hwmMiB }` of one process now; nulls when it is gone or /proc is not there. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    const rss = kb('VmRSS');
    const hwm = kb('VmHWM');
    return {
      rssMiB: Number.isFinite(rss) ? Math.round(rss / MIB) : null,
      hwmMiB: Number.isFinite(hwm) ? Math.round(hwm / MIB) : null,
    };
  } catch {
    return { rssMiB: null, hwmMiB: null };
  }
}

/**
 * Samples VmRSS of `pids` (name → pid) every `everyMs` from now until `stop()`, which returns per
 * name the samples' peak and mean and the process's VmHWM at that moment.
 */
export function rssSampler(pids, everyMs = 500) {
  const samples = Object.fromEntries(Object.keys(pids).map((name) => [name, []]));
  const take = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const { rssMiB } = memoryOf(pid);
      if (rssMiB !== null) samples[name].push(rssMiB);
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => {
          const s = samples[name];
          return [
            name,
            {
              samples: s.length,
              peakRssMiB: s.length ? Math.max(...s) : null,
              meanRssMiB: s.length ? Math.round(s.reduce((a, b) => a + b, 0) / s.length) : null,
              hwmMiB: memoryOf(pid).hwmMiB,
            },
          ];
        }),
      );
    },
  };
}

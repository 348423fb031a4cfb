// The shared store's health while a benchmark runs: every `everyMs` a fresh client connects and sends
// `ping` with a `timeoutMs` budget. When `misses` pings in a row time out, `onStuck` is called once: a
// benchmark then stops at once (its load must not keep a wedged store busy) and says so. Not a test.
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { MongoClient } from 'mongodb';

/** One ping from a fresh client: its ms, or null when it did not answer within `timeoutMs`. */
export async function pingStore(url, timeoutMs = 10_000) {
  const t0 = performance.now();
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs,
    maxPoolSize: 1,
  });
  let timer;
  try {
    const ping = client.connect().then(() => client.db('admin').command({ ping: 1 }));
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const result = await Promise.race([ping, late]);
    return result === 'late' ? null : Math.round(performance.now() - t0);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    void client.close().catch(() => undefined);
  }
}

/** Pings `url` every `everyMs` until `stop()`; `onStuck(log)` after `misses` timeouts in a row. */
export function storeWatch(
  url,
  { everyMs = 30_000, timeoutMs = 10_000, misses = 2, onStuck, say = () => {} },
) {
  const log = [];
  let missed = 0;
  let stopped = false;
  let timer;
  const tick = async () => {
    const ms = await pingStore(url, timeoutMs);
    if (stopped) return;
    log.push({ at: new Date().toISOString(), ms });
    missed = ms === null ? missed + 1 : 0;
    if (ms === null)
      say(`store ping from a fresh client: no answer within ${timeoutMs} ms (${missed} in a row)`);
    if (missed >= misses) {
      stopped = true;
      onStuck?.(log);
      return;
    }
    timer = setTimeout(tick, everyMs);
  };
  timer = setTimeout(tick, 0);
  return {
    log,
    stop() {
      stopped = true;
      clearTimeout(timer);
      return log;
    },
  };
}

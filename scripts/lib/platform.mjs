// Pieces shared by `npm start` and `npm run test:fuzz`: the local infrastructure,
// the built services as child processes, their readiness and their shutdown.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

// The gateway starts last: it builds the combined OpenAPI document from the others.
export const SERVICES = [
  ['residents', 3001],
  ['centres', 3002],
  ['purchased-services', 3003],
  ['interventions', 3004],
  ['analytics', 3005],
  ['gateway', 3000],
];

/**
 * What local mode (`npm start`, the browser tests' platform) sets per service for the demo city:
 * its centres report three months of history, so their late window is 92 days (default 30).
 */
export const DEMO_CITY_SERVICE_ENV = { centres: { VISIT_LATE_WINDOW_DAYS: '92' } };

const running = (child) => child.exitCode === null && child.signalCode === null;

export function infraRunning() {
  try {
    execFileSync('bash', ['deploy/local/infra.sh', 'status'], { cwd: REPO, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Starts (or finds) the infrastructure; returns the `KAFKA_BROKERS`/`MONGO_URL` it prints. */
export function infraUp() {
  const out = execFileSync('bash', ['deploy/local/infra.sh', 'up'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).toString();
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
}

export function infraDown() {
  execFileSync('bash', ['deploy/local/infra.sh', 'down'], { cwd: REPO, stdio: 'inherit' });
}

/** `SERVICE_URLS` for a gateway in front of services listening on `ports` (name → port). */
export function serviceUrls(ports) {
  return SERVICES.filter(([name]) => name !== 'gateway')
    .map(([name]) => `${name}=http://127.0.0.1:${ports[name]}`)
    .join(',');
}

/**
 * Spawns every built service (`dist/`). `envOf(name)` adds what one service alone
 * reads (the gateway's signing key, the residents' data keys). Logs go straight to
 * `<logDir>/<name>.log`: a pipe through this process would stall a service whenever
 * this process is busy (its synchronous log writes block on a full pipe).
 */
export function spawnServices({ env, ports, logDir, envOf = () => ({}), onExit = () => {} }) {
  return SERVICES.map(([name]) => {
    const port = ports[name];
    const out = openSync(`${logDir}/${name}.log`, 'a');
    const child = spawn(process.execPath, [`dist/apps/${name}/src/main.js`], {
      cwd: REPO,
      env: { ...env, PORT: String(port), ...envOf(name) },
      // Not detached: services share our process group, so a terminal's Ctrl-C reaches them too.
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    child.on('exit', (code, signal) => onExit(name, code ?? signal));
    return { name, port, child };
  });
}

/** Waits until `/health/ready` answers 2xx; false after `timeoutMs` or once `child` has exited. */
export async function waitReady(port, timeoutMs = 90_000, child = undefined) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (!child || running(child))) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  return false;
}

/** SIGTERM to each child, SIGKILL to those still running after `graceMs`. */
export async function stopChildren(children, graceMs = 15_000) {
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (!running(child)) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** For a `process.on('exit')` handler, where nothing asynchronous runs any more. */
export function killChildrenNow(children) {
  for (const { child } of children) if (running(child)) child.kill('SIGKILL');
}

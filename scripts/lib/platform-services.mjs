// Some of the platform's built services (`dist/`) as child processes in a
// throwaway namespace of the local infrastructure: their own databases, topics,
// consumer groups, ports and keys (scripts/lib/namespace.mjs), the gateway in
// front of them (scripts/lib/platform.mjs), logs in a file per service. What
// `npm start` runs, minus the services a benchmark does not need.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { killChildrenNow, REPO, serviceUrls, stopChildren, waitReady } from './platform.mjs';
import { dropNamespace, freePorts, throwawayKeys } from './namespace.mjs';

/** What each service alone reads, besides the common environment. */
function ownEnv(name, keys, ports, gatewayEnv) {
  if (name === 'gateway')
    return { AUTH_PRIVATE_KEY: keys.AUTH_PRIVATE_KEY, SERVICE_URLS: serviceUrls(ports), ...gatewayEnv };
  if (name === 'residents')
    return {
      RESIDENT_ID_HASH_KEY: keys.RESIDENT_ID_HASH_KEY,
      RESIDENT_DATA_KEY: keys.RESIDENT_DATA_KEY,
      CARD_DIGEST_KEY: keys.CARD_DIGEST_KEY,
    };
  if (name === 'centres' || name === 'purchased-services') return { CARD_DIGEST_KEY: keys.CARD_DIGEST_KEY };
  return {};
}

/**
 * `names` with `infra` (`KAFKA_BROKERS`, `MONGO_URL`) in namespace `ns`
 * (`dbPrefix`, `topicPrefix`), `serviceEnv[name]` on top of a service's own environment: their ports, the common environment (for the
 * platform's CLIs), `url(name)`, `start()`, which spawns them (the gateway
 * last: it merges the others' OpenAPI documents as it starts) and waits until
 * each is ready, and `stop()`, which stops them (SIGTERM, then SIGKILL after
 * `graceMs`) and drops the namespace unless `keep` — safe to call at any time,
 * also during `start()`. A process `exit` kills whatever still runs.
 */
export async function platformServices({
  names,
  infra,
  ns,
  logDir,
  env: extraEnv = {},
  gatewayEnv = {},
  serviceEnv = {},
  graceMs = 15_000,
  readyMs = 120_000,
  keep = false,
  say = () => {},
}) {
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const ports = await freePorts();
  const keys = throwawayKeys();
  const env = {
    ...process.env,
    ...infra,
    HOST: '127.0.0.1',
    MONGO_DB_PREFIX: ns.dbPrefix,
    KAFKA_TOPIC_PREFIX: ns.topicPrefix,
    AUTH_PUBLIC_KEY: keys.AUTH_PUBLIC_KEY,
    ...extraEnv,
  };
  delete env.AUTH_PUBLIC_KEY_FILE;
  delete env.AUTH_PRIVATE_KEY_FILE;

  const children = [];
  let stopping = false;
  process.on('exit', () => killChildrenNow(children));
  const launch = (name) => {
    if (stopping) throw new Error('stopped');
    const out = openSync(`${logDir}/${name}.log`, 'a');
    const child = spawn(process.execPath, [`dist/apps/${name}/src/main.js`], {
      cwd: REPO,
      env: {
        ...env,
        PORT: String(ports[name]),
        ...ownEnv(name, keys, ports, gatewayEnv),
        ...serviceEnv[name],
      },
      // Not detached: the services share our process group, so a terminal's Ctrl-C reaches them too.
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    child.on('exit', (code, signal) => {
      if (!stopping) say(`${name} exited (${code ?? signal}); see ${logDir}/${name}.log`);
    });
    const started = { name, port: ports[name], child };
    children.push(started);
    return started;
  };

  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      await stopChildren(children, graceMs);
      if (keep) return say(`kept namespace ${ns.dbPrefix}* / ${ns.topicPrefix}*`);
      try {
        const r = await dropNamespace(ns, infra);
        say(`dropped ${r.databases} databases, ${r.topics} topics, ${r.groups} consumer groups`);
      } catch (error) {
        say(`namespace ${ns.dbPrefix}* / ${ns.topicPrefix}* not dropped: ${String(error)}`);
      }
    })());

  const ready = async ({ name, port, child }) => {
    if (await waitReady(port, readyMs, child)) return;
    await stop();
    throw new Error(`${name} did not become ready; see ${logDir}/${name}.log`);
  };
  const start = async () => {
    const first = names.filter((n) => n !== 'gateway').map(launch);
    for (const c of first) await ready(c);
    if (names.includes('gateway')) await ready(launch('gateway'));
  };
  const url = (name) => `http://127.0.0.1:${ports[name]}`;
  return { children, ports, env, url, start, stop };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, createLogger, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import { eventually, KAFKA_BROKERS, MONGO_URL } from './infra.js';
import { TEST_KEYS } from './tokens.js';

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Boots a service in this process exactly as `bootstrap` does, on a free port. */
export async function startService(
  service: ServiceDefinition,
  config: ServiceConfig,
): Promise<RunningService> {
  const app = await createApp(service, config, createLogger(service.name, config.LOG_LEVEL));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code, or the signal that ended the process. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/**
 * Runs a built service (`npm run build`) as its own process: for tests where the
 * process must really die (SIGKILL) or really fail to start.
 */
export function spawnService(app: string, env: Record<string, string>, port: number): ServiceProcess {
  let output = '';
  const child = spawn(process.execPath, [`${REPO}dist/apps/${app}/src/main.js`], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/**
 * What a spawned service of namespace `ns` needs besides its own settings: test mode, the local
 * infrastructure, the namespace's prefixes and the test tokens' public key.
 */
export function processEnv(
  ns: { topicPrefix: string; dbPrefix: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS,
    MONGO_URL,
    KAFKA_TOPIC_PREFIX: ns.topicPrefix,
    MONGO_DB_PREFIX: ns.dbPrefix,
    AUTH_PUBLIC_KEY: TEST_KEYS.publicKey,
    ...extra,
  };
}

/**
 * `spawnService` on a free port, resolved once its readiness answers 200; fails with the process's
 * output when it does not within `timeoutMs` (a restart after a SIGKILL waits for the dead member's
 * Kafka session to time out first, ~30 s).
 */
export async function spawnReadyService(
  app: string,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ServiceProcess> {
  const service = spawnService(app, env, await freePort());
  await eventually(
    () =>
      fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then(
        async (r) => (await r.body?.cancel(), r.status),
        () => 0,
      ),
    (status) => status === 200,
    timeoutMs,
  ).catch((e: unknown) => {
    service.child.kill('SIGKILL');
    throw new Error(`${app} did not become ready: ${String(e)}\n${service.output()}`);
  });
  return service;
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

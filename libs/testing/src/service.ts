import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, createLogger, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';

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

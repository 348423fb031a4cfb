import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

/**
 * A second wire server of the local document store (the same docstore binary,
 * same arguments, over the same PostgreSQL cluster), on a port of its own, for a
 * test that freezes its store with SIGSTOP. Freezing the shared docstore instead
 * would stall every other test file running at the same time.
 */
export interface PrivateDocstore {
  url: string;
  pid: number;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

const STATE = join(process.cwd(), '.local');

/** The running shared docstore's command line, or null when the store is not ours (existing clusters). */
export function sharedDocstoreCommand(): string[] | null {
  const pidFile = join(STATE, 'pids', 'docstore.pid');
  const url = process.env.MONGO_URL;
  if ((url && !/\/\/(127\.0\.0\.1|localhost):27117\b/.test(url)) || !existsSync(pidFile)) return null;
  const pid = readFileSync(pidFile, 'utf8').trim();
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return null;
  const args = readFileSync(cmdline, 'utf8').split('\0').filter(Boolean);
  return args.length > 0 ? args : null;
}

export async function startPrivateDocstore(shared: string[]): Promise<PrivateDocstore> {
  const port = await freePort();
  const [bin, ...rest] = shared as [string, ...string[]];
  let dataDir: string | undefined;
  const args = rest.map((arg, i) => {
    const flag = rest[i - 1];
    if (flag === '-listen') return `127.0.0.1:${port}`;
    // Its own small slice of PostgreSQL's connections; the shared server keeps its pool.
    if (flag === '-postgresql-url') return arg.replace(/pool_max_conns=\d+/, 'pool_max_conns=20');
    // SQLite files must never be opened by two servers.
    if (flag === '-data') return (dataDir = mkdtempSync(join(tmpdir(), 'anlao-docstore-')));
    return arg;
  });
  // The shared server already keeps the GIN twins of every table, ours included.
  if (args.includes('postgresql')) args.push('-gin-twins=false');
  const child = spawn(bin, args, { stdio: 'ignore' });
  const url = `mongodb://127.0.0.1:${port}`;
  await waitUntilServing(url, child);
  const pid = child.pid as number;
  return {
    url,
    pid,
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    stop: async () => {
      if (child.exitCode === null) {
        process.kill(pid, 'SIGCONT');
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`private docstore exited with ${child.exitCode}`);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      await client.close();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

// The Python virtual environment that holds schemathesis: made once under
// .local/fuzz-venv, reused while it holds the pinned version.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { REPO } from '../lib/platform.mjs';

/** Exact pin: a new schemathesis release can add checks or change generation, so upgrades are deliberate. */
export const SCHEMATHESIS_VERSION = '4.32.5';

export const VENV = `${REPO}.local/fuzz-venv`;
const STAMP = `${VENV}/.anlao-installed`;
const WANTED = `schemathesis==${SCHEMATHESIS_VERSION}`;

class SetupError extends Error {}
export { SetupError };

function python() {
  for (const candidate of [process.env.PYTHON, 'python3'].filter(Boolean)) {
    const r = spawnSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
    });
    if (r.status === 0) {
      const [major, minor] = r.stdout.trim().split('.').map(Number);
      if (major === 3 && minor >= 10) return candidate;
      throw new SetupError(`${candidate} is Python ${r.stdout.trim()}; schemathesis needs 3.10 or later`);
    }
  }
  throw new SetupError(
    'python3 not found: install Python 3.10+ (Debian/Ubuntu: apt-get install python3 python3-venv)',
  );
}

/** The `st` executable, installing schemathesis first when the environment lacks the pinned version. */
export function ensureSchemathesis(say) {
  const st = `${VENV}/bin/st`;
  if (existsSync(st) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === WANTED) return st;
  const py = python();
  // Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a separate package.
  const probe = spawnSync(py, ['-c', 'import venv, ensurepip'], { stdio: 'ignore' });
  if (probe.status !== 0)
    throw new SetupError(
      `${py} cannot create virtual environments (no venv/ensurepip): install python3-venv (Debian/Ubuntu: apt-get install python3-venv)`,
    );
  say(`installing ${WANTED} into .local/fuzz-venv (once)…`);
  // --clear: a half-made or stale environment (another Python, an interrupted install) is rebuilt whole.
  execFileSync(py, ['-m', 'venv', '--clear', VENV], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(
    `${VENV}/bin/python`,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', WANTED],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 },
  );
  const version = execFileSync(st, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.endsWith(SCHEMATHESIS_VERSION))
    throw new SetupError(`expected schemathesis ${SCHEMATHESIS_VERSION}, got "${version}"`);
  writeFileSync(STAMP, `${WANTED}\n`);
  return st;
}

// Whether a build's output is newer than every source it is made from, so `npm start` can skip a
// build that would change nothing (tsc and vite take 10–15 s each on two cores, most of a warm start).
// A stamp per build in .local/build-stamps/ holds the newest source time seen when it last built.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './platform.mjs';

const STAMPS = join(REPO, '.local', 'build-stamps');
const SKIP = new Set(['node_modules', 'dist', '.local', 'coverage']);

/** The newest modification time (ms) of the files under `paths` (files or folders), `except` folders left out. */
export function newestSource(paths, except = []) {
  const excluded = new Set(except.map((p) => join(REPO, p)));
  let newest = 0;
  const visit = (path) => {
    if (excluded.has(path) || !existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIP.has(entry)) visit(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of paths) visit(join(REPO, path));
  return newest;
}

/** True when `output` exists and no source changed since the build that wrote the stamp `name`. */
export function upToDate(name, newest, output) {
  const file = join(STAMPS, `${name}.json`);
  if (!existsSync(file) || !existsSync(join(REPO, output))) return false;
  try {
    return newest <= JSON.parse(readFileSync(file, 'utf8')).newestSource;
  } catch {
    return false;
  }
}

/** Records a successful build of sources whose newest time was `newest` when it began. */
export function markBuilt(name, newest) {
  mkdirSync(STAMPS, { recursive: true });
  writeFileSync(
    join(STAMPS, `${name}.json`),
    JSON.stringify({ newestSource: newest, builtAt: new Date().toISOString() }),
  );
}

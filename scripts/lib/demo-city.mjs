// Loads the demo city into a running platform, for `npm start` and the browser tests' platform alike:
// the first city-admin straight into the gateway's database (its create-admin command, once the
// gateway has made its indexes), then everything else through the public API (dist/scripts/demo-city.js).
import { spawn } from 'node:child_process';
import { REPO } from './platform.mjs';

/** The demo accounts' constants, from the built scripts (one definition: scripts/demo-accounts.ts). */
export async function demoAccounts() {
  return import(`${REPO}dist/scripts/demo-accounts.js`);
}

function run(args, env, stdio) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio, env });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${args[0]} exited with ${code ?? signal}`)),
    );
  });
}

/**
 * `env` holds the platform's KAFKA_BROKERS/MONGO_URL/namespace and GATEWAY_URL when the gateway is
 * not the default one; `quiet` keeps the loader's progress lines out (its errors still show).
 */
export async function loadDemoCity(env, { quiet = false } = {}) {
  const { DEMO_CITY_ADMIN, demoPassword } = await demoAccounts();
  const password = demoPassword(env);
  await run(
    [
      'dist/apps/gateway/src/cli/create-admin.js',
      '--username',
      DEMO_CITY_ADMIN.username,
      '--org-unit',
      DEMO_CITY_ADMIN.orgUnit,
      '--if-missing',
    ],
    { ...env, ANLAO_ADMIN_PASSWORD: password },
    quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  );
  await run(
    ['dist/scripts/demo-city.js'],
    { ...env, ANLAO_DEMO_PASSWORD: password },
    quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  );
}

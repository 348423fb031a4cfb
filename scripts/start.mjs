// `npm start`: local infrastructure, build, every service, demo data, URLs.
// Ctrl-C stops what this command started (the infrastructure too, if it started it).
// Says how long each part took: infrastructure, build, services, demo city, and the total to "ready".
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  infraDown,
  infraRunning,
  infraUp,
  DEMO_CITY_SERVICE_ENV,
  killChildrenNow,
  REPO as repo,
  SERVICES,
  spawnServices,
  stopChildren,
  waitReady,
} from './lib/platform.mjs';
import { markBuilt, newestSource, upToDate } from './lib/build-stamp.mjs';
import { demoAccounts, loadDemoCity } from './lib/demo-city.mjs';
import { clearLocalPlatform, demoCityState, markDemoCityLoaded } from './lib/demo-marker.mjs';

const logs = `${repo}.local/logs`;
mkdirSync(logs, { recursive: true });

const say = (msg) => process.stdout.write(`anlao: ${msg}\n`);
const started = Date.now();
const secondsSince = (t) => ((Date.now() - t) / 1000).toFixed(1);
/** How long each part took, for the "ready" line. */
const took = {};
let partStarted = started;
const done = (part) => {
  took[part] = secondsSince(partStarted);
  partStarted = Date.now();
  return took[part];
};

const external = Boolean(process.env.KAFKA_BROKERS && process.env.MONGO_URL);
const startedInfra = !external && !infraRunning();
say(
  external
    ? 'using KAFKA_BROKERS and MONGO_URL from the environment'
    : 'starting local Kafka and document store…',
);
const infraEnv = infraUp();
say(`infrastructure ready in ${done('infrastructure')} s`);
// The token signing key pair of this machine: the gateway signs with the private
// key, every service verifies with the public one. Made once, kept in .local/keys.
const keys = `${repo}.local/keys`;
if (!existsSync(`${keys}/token-signing.pem`)) {
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  const pair = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  writeFileSync(`${keys}/token-signing.pem`, pair.privateKey, { mode: 0o600 });
  writeFileSync(`${keys}/token-verify.pem`, pair.publicKey);
}
// The residents service's keys that protect ID numbers at rest, and the card-digest key residents
// and centres share (card events carry a keyed digest of the number, ADR 0021): made once like the
// signing pair.
for (const name of ['resident-id-hash.key', 'resident-data.key', 'card-digest.key']) {
  if (!existsSync(`${keys}/${name}`))
    writeFileSync(`${keys}/${name}`, randomBytes(32).toString('base64'), { mode: 0o600 });
}
const env = {
  ...process.env,
  ...infraEnv,
  AUTH_PUBLIC_KEY_FILE: `${keys}/token-verify.pem`,
};
const cardDigestEnv = { CARD_DIGEST_KEY: readFileSync(`${keys}/card-digest.key`, 'utf8') };
const residentsEnv = {
  RESIDENT_ID_HASH_KEY: readFileSync(`${keys}/resident-id-hash.key`, 'utf8'),
  RESIDENT_DATA_KEY: readFileSync(`${keys}/resident-data.key`, 'utf8'),
  ...cardDigestEnv,
};

// The services (tsc) and the dashboard (vite) build side by side: neither reads the other's output.
function build(name, args) {
  const t = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repo, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(secondsSince(t)) : reject(new Error(`${name} build failed (${code ?? signal})`)),
    );
  });
}
// Each build is skipped when no source it reads changed since it last succeeded here.
const BUILDS = [
  {
    name: 'services',
    args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    sources: ['apps', 'libs', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    except: ['apps/dashboard'],
    output: 'dist/apps/gateway/src/main.js',
  },
  {
    name: 'dashboard',
    args: [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'apps/dashboard/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    sources: ['apps/dashboard', 'libs', 'tsconfig.json', 'package-lock.json'],
    except: [],
    output: 'dist/dashboard/index.html',
  },
];
say('building the services and the dashboard…');
try {
  const results = await Promise.all(
    BUILDS.map(async (b) => {
      const newest = newestSource(b.sources, b.except);
      if (upToDate(b.name, newest, b.output)) return `${b.name} up to date`;
      const seconds = await build(b.name, b.args);
      markBuilt(b.name, newest);
      return `${b.name} ${seconds} s`;
    }),
  );
  say(`built in ${done('build')} s (${results.join(', ')})`);
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

// The demo accounts' password is published: they exist only on the local infrastructure.
const { demoAccountsAllowed, DEMO_CITY_VERSION, demoPassword } = await demoAccounts();
const DEMO_PASSWORD = demoPassword(process.env);
const loadDemo = demoAccountsAllowed(process.env);
const demoCity = loadDemo ? await demoCityState(DEMO_CITY_VERSION, infraEnv) : 'none';
if (demoCity === 'stale') {
  say(`the local store holds another demo city: clearing it for generation ${DEMO_CITY_VERSION}…`);
  await clearLocalPlatform(infraEnv);
}

let stopping = false;
const children = spawnServices({
  env,
  ports: Object.fromEntries(SERVICES),
  logDir: logs,
  // Only the gateway holds the signing key.
  envOf: (name) =>
    name === 'gateway'
      ? { AUTH_PRIVATE_KEY_FILE: `${keys}/token-signing.pem` }
      : name === 'residents'
        ? residentsEnv
        : name === 'centres' || name === 'purchased-services'
          ? { ...cardDigestEnv, ...(loadDemo ? DEMO_CITY_SERVICE_ENV[name] : {}) }
          : {},
  onExit: (name, how) => {
    if (!stopping) say(`${name} exited (${how}); see ${logs}/${name}.log`);
  },
});

async function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping services…');
  await stopChildren(children);
  if (startedInfra) {
    say('stopping local infrastructure…');
    infraDown();
  }
  process.exit(exitCode);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('exit', () => killChildrenNow(children));

try {
  for (const { name, port, child } of children) {
    if (!(await waitReady(port, 90_000, child))) {
      say(`${name} did not become ready; see ${logs}/${name}.log`);
      await stop(1);
    }
  }
  say(`services ready in ${done('services')} s`);

  if (demoCity === 'fresh') {
    say(
      `demo city (generation ${DEMO_CITY_VERSION}) already loaded today; \`npm run demo:city\` loads it again`,
    );
  } else if (loadDemo) {
    say('loading the demo city…');
    await loadDemoCity(env);
    markDemoCityLoaded(DEMO_CITY_VERSION);
    done('demo city');
  }

  const parts = Object.entries(took)
    .map(([part, s]) => `${part} ${s} s`)
    .join(', ');
  say(`ready in ${secondsSince(started)} s (${parts}).`);
  say(
    'Dashboard: http://localhost:3000/ — API: http://localhost:3000/api (OpenAPI: http://localhost:3000/docs)',
  );
  for (const { name, port } of children) say(`  ${name.padEnd(20)} http://localhost:${port}/docs`);
  if (loadDemo) {
    say(`demo staff password: ${DEMO_PASSWORD} — try:`);
    say(`  TOKEN=$(curl -s -X POST localhost:3000/auth/sign-in -H 'content-type: application/json' \\`);
    say(
      `    -d '{"username":"demo.heping","password":"${DEMO_PASSWORD}"}' | node -pe 'JSON.parse(fs.readFileSync(0)).accessToken')`,
    );
    say('  curl -s -H "authorization: Bearer $TOKEN" \\');
    say(
      '    "localhost:3000/api/analytics/centre-visits/daily?centreId=c-heping-01&from=2026-11-01&to=2026-11-30"',
    );
  } else {
    say('external KAFKA_BROKERS/MONGO_URL: no demo city and no demo accounts; create the first account with');
    say("  ANLAO_ADMIN_PASSWORD='…' npm run create-admin -- --username admin --org-unit <city code>");
  }
  say(`logs: ${logs}/<service>.log — Ctrl-C stops everything this command started`);
} catch (error) {
  say(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}

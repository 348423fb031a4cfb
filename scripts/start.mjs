// `npm start`: local infrastructure, build, every service, demo data, URLs.
// Ctrl-C stops what this command started (the infrastructure too, if it started it).
import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const logs = `${repo}.local/logs`;
mkdirSync(logs, { recursive: true });

// The gateway starts last: it builds the combined OpenAPI document from the others.
export const SERVICES = [
  ['residents', 3001],
  ['centres', 3002],
  ['purchased-services', 3003],
  ['interventions', 3004],
  ['analytics', 3005],
  ['gateway', 3000],
];

const say = (msg) => process.stdout.write(`anlao: ${msg}\n`);

function infraRunning() {
  try {
    execFileSync('bash', ['deploy/local/infra.sh', 'status'], { cwd: repo, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const external = Boolean(process.env.KAFKA_BROKERS && process.env.MONGO_URL);
const startedInfra = !external && !infraRunning();
say(
  external
    ? 'using KAFKA_BROKERS and MONGO_URL from the environment'
    : 'starting local Kafka and document store…',
);
const infraEnv = execFileSync('bash', ['deploy/local/infra.sh', 'up'], {
  cwd: repo,
  stdio: ['ignore', 'pipe', 'inherit'],
})
  .toString()
  .split('\n')
  .filter((l) => /^[A-Z_]+=/.test(l))
  .map((l) => l.split(/=(.*)/s).slice(0, 2));
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
// The residents service's keys that protect ID numbers at rest, made once like the signing pair.
for (const name of ['resident-id-hash.key', 'resident-data.key']) {
  if (!existsSync(`${keys}/${name}`))
    writeFileSync(`${keys}/${name}`, randomBytes(32).toString('base64'), { mode: 0o600 });
}
const env = {
  ...process.env,
  ...Object.fromEntries(infraEnv),
  AUTH_PUBLIC_KEY_FILE: `${keys}/token-verify.pem`,
};
const residentsEnv = {
  RESIDENT_ID_HASH_KEY: readFileSync(`${keys}/resident-id-hash.key`, 'utf8'),
  RESIDENT_DATA_KEY: readFileSync(`${keys}/resident-data.key`, 'utf8'),
};
const DEMO_PASSWORD = 'anlao-demo-passphrase';

say('building…');
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  cwd: repo,
  stdio: 'inherit',
});

const children = [];
for (const [name, port] of SERVICES) {
  // Logs go straight to a file: a pipe through this process would stall a service
  // whenever this process is busy (its synchronous log writes block on a full pipe).
  const out = openSync(`${logs}/${name}.log`, 'a');
  const child = spawn(process.execPath, [`dist/apps/${name}/src/main.js`], {
    cwd: repo,
    // Only the gateway holds the signing key.
    env: {
      ...env,
      PORT: String(port),
      ...(name === 'gateway' ? { AUTH_PRIVATE_KEY_FILE: `${keys}/token-signing.pem` } : {}),
      ...(name === 'residents' ? residentsEnv : {}),
    },
    // Not detached: services share our process group, so a terminal's Ctrl-C reaches them too.
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.on('exit', (code, signal) => {
    if (!stopping) say(`${name} exited (${code ?? signal}); see ${logs}/${name}.log`);
  });
  children.push({ name, port, child });
}

let stopping = false;
async function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping services…');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (startedInfra) {
    say('stopping local infrastructure…');
    execFileSync('bash', ['deploy/local/infra.sh', 'down'], { cwd: repo, stdio: 'inherit' });
  }
  process.exit(exitCode);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('exit', () => {
  for (const { child } of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function ready(port) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

try {
  for (const { name, port } of children) {
    if (!(await ready(port))) {
      say(`${name} did not become ready; see ${logs}/${name}.log`);
      await stop(1);
    }
  }

  say('loading the demo city…');
  execFileSync(
    process.execPath,
    [
      'dist/apps/gateway/src/cli/create-admin.js',
      '--username',
      'demo.city-admin',
      '--org-unit',
      '2101',
      '--if-missing',
    ],
    { cwd: repo, stdio: 'inherit', env: { ...env, ANLAO_ADMIN_PASSWORD: DEMO_PASSWORD } },
  );
  await new Promise((resolve, reject) => {
    const demo = spawn(process.execPath, ['dist/scripts/demo-city.js'], {
      cwd: repo,
      stdio: 'inherit',
      env: { ...env, ANLAO_DEMO_PASSWORD: DEMO_PASSWORD },
    });
    demo.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`demo city loader exited with ${code}`)),
    );
  });

  say('ready. One base URL: http://localhost:3000 (OpenAPI for everything: http://localhost:3000/docs)');
  for (const { name, port } of children) say(`  ${name.padEnd(20)} http://localhost:${port}/docs`);
  say(`demo staff password: ${DEMO_PASSWORD} — try:`);
  say(`  TOKEN=$(curl -s -X POST localhost:3000/auth/sign-in -H 'content-type: application/json' \\`);
  say(
    `    -d '{"username":"demo.heping","password":"${DEMO_PASSWORD}"}' | node -pe 'JSON.parse(fs.readFileSync(0)).accessToken')`,
  );
  say('  curl -s -H "authorization: Bearer $TOKEN" \\');
  say(
    '    "localhost:3000/api/analytics/centre-visits/daily?centreId=c-heping-01&from=2026-11-01&to=2026-11-30"',
  );
  say(`logs: ${logs}/<service>.log — Ctrl-C stops everything this command started`);
} catch (error) {
  say(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}

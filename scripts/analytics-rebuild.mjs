// `npm run analytics:rebuild`: rebuilds analytics' projections (ADR 0030) through the gateway.
//
// Signs in as a city-admin, asks the running analytics to replay every topic from the beginning
// into a fresh database (`POST /api/analytics/admin/rebuild`) and prints its progress until reads
// have switched to it and the old generation is dropped. The live consumers keep running meanwhile.
//
//   npm run analytics:rebuild                  start one (or follow the one running) to the end
//   npm run analytics:rebuild -- --hold        stop once caught up, both generations running
//   npm run analytics:rebuild -- --switch      switch a held rebuild, and follow it to the end
//   npm run analytics:rebuild -- --status      print where things stand and exit
//   npm run analytics:rebuild -- --abort       give the running one up (its new database is dropped)
//
// Environment: ANLAO_URL (default http://localhost:3000), ANLAO_USERNAME and ANLAO_PASSWORD (default:
// the demo city-admin of `npm start`, which exists on the local infrastructure only), or ANLAO_TOKEN
// (an access token of a city-admin of the city, used as is).

import { demoAccounts } from './lib/demo-city.mjs';

const POLL_MS = 1_000;
const BAR = 30;

const args = new Set(process.argv.slice(2));
const known = new Set(['--hold', '--switch', '--status', '--abort', '--help', '-h']);
for (const arg of args)
  if (!known.has(arg)) {
    console.error(`analytics:rebuild: unknown option ${arg} (try --help)`);
    process.exit(64);
  }
if (args.has('--help') || args.has('-h')) {
  console.log('usage: npm run analytics:rebuild [-- --hold | --switch | --status | --abort]');
  process.exit(0);
}

const base = (process.env.ANLAO_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const api = `${base}/api/analytics/admin/rebuild`;
const tty = process.stdout.isTTY === true;
const say = (line) => process.stdout.write(`${tty ? '\r\x1b[2K' : ''}analytics:rebuild: ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let token = process.env.ANLAO_TOKEN ?? null;

async function signIn() {
  // The demo account's constants come from the built scripts (`npm start` built them).
  const demo = process.env.ANLAO_USERNAME && process.env.ANLAO_PASSWORD ? null : await demoAccounts();
  const username = process.env.ANLAO_USERNAME ?? demo.DEMO_CITY_ADMIN.username;
  const password = process.env.ANLAO_PASSWORD ?? demo.demoPassword();
  const res = await fetch(`${base}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || typeof body.accessToken !== 'string')
    throw new Error(
      `signing in as ${username} failed: ${res.status} ${body.code ?? ''} ${body.detail ?? ''}`,
    );
  token = body.accessToken;
}

/** A call to analytics' rebuild routes; signs in (again) when there is no token or it expired. */
async function call(method, path = '', body) {
  for (let attempt = 1; ; attempt++) {
    if (!token) await signIn();
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({}));
    if (res.status === 401 && attempt === 1 && !process.env.ANLAO_TOKEN) {
      token = null;
      continue;
    }
    return { status: res.status, body: answer };
  }
}

function fail(what, res) {
  console.error(`analytics:rebuild: ${what}: ${res.status} ${res.body.code ?? ''} ${res.body.detail ?? ''}`);
  process.exit(1);
}

function describe(state) {
  const r = state.rebuild;
  if (!r) return `active ${state.active}; no rebuild has run`;
  const lanes = r.lanes.map((l) => `${l.group} ${l.applied}/${l.total}`).join(', ');
  return `active ${state.active}; rebuild ${r.from} → ${r.generation} ${r.phase} ${r.percent}% (${lanes})`;
}

function progressLine(r) {
  const filled = Math.round((Math.min(100, r.percent) / 100) * BAR);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}`;
  return `${r.generation} [${bar}] ${r.percent.toFixed(1)}% ${r.applied}/${r.total} messages, ${r.phase}`;
}

/** Prints progress until the rebuild of `generation` is done (or, held, ready). */
async function follow(generation, untilReady) {
  let last = '';
  let said = '';
  for (;;) {
    const res = await call('GET');
    if (res.status !== 200) fail('reading the progress', res);
    const r = res.body.rebuild;
    if (!r || r.generation !== generation) fail(`the rebuild into ${generation} is gone`, res);
    const line = progressLine(r);
    // On a terminal one line redrawn; in a log a line per tenth of the way and per phase.
    const step = `${Math.floor(r.percent / 10)} ${r.phase}`;
    if (tty && line !== last) process.stdout.write(`\r\x1b[2Kanalytics:rebuild: ${line}`);
    if (!tty && step !== said) say(line);
    last = line;
    said = step;
    if (r.phase === 'dropped') {
      say(
        `done: reads come from ${generation}; ${r.from} dropped (started ${r.startedAt}, switched ${r.switchedAt})`,
      );
      return;
    }
    if (untilReady && r.phase === 'ready' && r.hold) {
      say(`${generation} is caught up and held: both generations run; switch with --switch`);
      return;
    }
    await sleep(POLL_MS);
  }
}

try {
  if (args.has('--status')) {
    const res = await call('GET');
    if (res.status !== 200) fail('reading the state', res);
    say(describe(res.body));
  } else if (args.has('--abort')) {
    const res = await call('DELETE');
    if (res.status !== 202) fail('aborting', res);
    say(`aborted: ${res.body.retiring} is being dropped; reads stay on ${res.body.active}`);
  } else if (args.has('--switch')) {
    const res = await call('POST', '/switch');
    if (res.status !== 202) fail('switching', res);
    say(`switching to ${res.body.building} once caught up`);
    await follow(res.body.building, false);
  } else {
    const hold = args.has('--hold');
    const res = await call('POST', '', { hold });
    if (res.status === 202) {
      const r = res.body.rebuild;
      say(
        `replaying every topic from the beginning into ${r.generation} (reads stay on ${r.from} meanwhile)`,
      );
      if (r.leftOut.length > 0) say(`not generation-aware, left as they are: ${r.leftOut.join(', ')}`);
      await follow(r.generation, hold);
    } else if (res.status === 409) {
      const state = (await call('GET')).body;
      say(`one is already running: ${describe(state)}; following it`);
      if (state.building) await follow(state.building, hold);
      else if (state.rebuild) await follow(state.rebuild.generation, false);
    } else fail('starting', res);
  }
} catch (error) {
  console.error(`analytics:rebuild: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

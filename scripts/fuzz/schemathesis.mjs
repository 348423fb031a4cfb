// One schemathesis run against the gateway with one identity's token.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { REPO } from '../lib/platform.mjs';

/**
 * Operations never fuzzed: each would revoke or lock the credentials the run
 * depends on (or those of accounts it does not own), so the rest of the run
 * would test nothing but 401s. Sign-in and client-token requests naming the
 * fuzzer's own account are dropped in hooks.py instead, so those routes are fuzzed.
 */
export const EXCLUDED = [
  'POST /auth/sign-out',
  'POST /auth/password',
  'POST /admin/api-clients/\\{[^}]+\\}/(rotate|revoke)',
  // Every per-account operation: disable, enable, role, reset, and those to come.
  '(POST|PUT|PATCH|DELETE) /admin/staff/\\{[^}]+\\}(/.*)?',
  // Not destructive, but inputless: time spent there is time not spent on real inputs.
  'GET (/api/[a-z-]+)?/health(/ready)?',
];

const CHECKS = ['not_a_server_error', 'problem_json_on_error'];

/**
 * `include`: a path pattern narrowing the run to what the identity may call at all
 * (its refusals elsewhere are one code path, met in the first examples).
 * Resolves with `{ identity, exitCode, timedOut, junit, log }` once the run ends. */
export function runSchemathesis({
  st,
  identity,
  token,
  include,
  gateway,
  reportDir,
  settings,
  hookEnv,
  onChild,
}) {
  const junit = `${reportDir}/${identity}.junit.xml`;
  const ndjson = `${reportDir}/${identity}.ndjson`;
  const log = `${reportDir}/${identity}.log`;
  const args = [
    '--config-file',
    `${REPO}scripts/fuzz/schemathesis.toml`,
    'run',
    `${gateway}/docs/openapi.json`,
    '--url',
    gateway,
    '--checks',
    CHECKS.join(','),
    '--phases',
    'examples,coverage,fuzzing',
    '--max-examples',
    String(settings.maxExamples),
    '--max-time',
    String(settings.maxTime),
    '--workers',
    String(settings.workers),
    '--seed',
    String(settings.seed),
    '--request-timeout',
    '10',
    '--suppress-health-check',
    'all',
    '--generation-database',
    'none',
    '--continue-on-failure',
    '--report',
    'junit,ndjson',
    '--report-junit-path',
    junit,
    '--report-ndjson-path',
    ndjson,
    '--output-sanitize',
    'true',
    '--no-color',
    // Matched against operation labels, "METHOD /path".
    '--exclude-name-regex',
    `^(${EXCLUDED.join('|')})$`,
    ...(include ? ['--include-path-regex', include] : []),
  ];
  const out = openSync(log, 'w');
  const child = spawn(st, args, {
    cwd: reportDir,
    env: {
      ...process.env,
      ...hookEnv,
      // Read by schemathesis.toml: the token never appears on a command line.
      FUZZ_TOKEN: token,
      SCHEMATHESIS_HOOKS: `${REPO}scripts/fuzz/hooks.py`,
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  onChild(child);
  // The wall-clock cap: schemathesis's own --max-time stops generation, this stops anything stuck.
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      child.kill('SIGKILL');
    },
    (settings.maxTime + 60) * 1000,
  );
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ identity, exitCode: code ?? signal, timedOut, junit, ndjson, log });
    }),
  );
}

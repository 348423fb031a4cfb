// Jest global set-up of the browser tests: the whole platform as `npm start` runs it (the built
// services and the gateway serving the built dashboard), in a throwaway namespace of the local
// infrastructure, loaded with the demo city through the public API. The tests find the gateway in
// ANLAO_BROWSER_GATEWAY; platform.teardown.mjs stops everything and drops the namespace.
import { existsSync } from 'node:fs';
import { DEMO_CITY_SERVICE_ENV, infraUp, REPO, SERVICES } from '../../scripts/lib/platform.mjs';
import { loadDemoCity } from '../../scripts/lib/demo-city.mjs';
import { newNamespace } from '../../scripts/lib/namespace.mjs';
import { platformServices } from '../../scripts/lib/platform-services.mjs';

export default async function setUpBrowserPlatform() {
  const say = (msg) => process.stdout.write(`browser tests: ${msg}\n`);
  if (!existsSync(`${REPO}dist/dashboard/index.html`) || !existsSync(`${REPO}dist/scripts/demo-city.js`))
    throw new Error('build first (npm run build): the browser tests use the built services and dashboard');
  if (process.env.ANLAO_BROWSER_GATEWAY) {
    // While writing a test: the platform `npm start` runs (demo city loaded) instead of a new one.
    say(`using the running platform at ${process.env.ANLAO_BROWSER_GATEWAY}`);
    return;
  }
  const started = Date.now();
  const infra = infraUp();
  const platform = await platformServices({
    names: SERVICES.map(([name]) => name),
    infra,
    ns: newNamespace('web'),
    logDir: `${REPO}.local/browser/logs`,
    serviceEnv: DEMO_CITY_SERVICE_ENV,
    gatewayEnv: {
      DASHBOARD_DIR: `${REPO}dist/dashboard`,
      // The tests sign the same demo accounts in many times a minute; the limiter has its own tests.
      SIGN_IN_PER_USERNAME_PER_MINUTE: '1000',
      RATE_LIMIT_PER_MINUTE: '100000',
    },
    say,
  });
  globalThis.anlaoBrowserPlatform = platform;
  await platform.start();
  await loadDemoCity({ ...platform.env, GATEWAY_URL: platform.url('gateway') }, { quiet: true });
  process.env.ANLAO_BROWSER_GATEWAY = platform.url('gateway');
  say(
    `platform with the demo city ready in ${((Date.now() - started) / 1000).toFixed(0)} s at ${platform.url('gateway')}`,
  );
}

/* global sessionStorage -- read and written inside the browser page */
// `npm run bench:dashboard`: what the dashboard costs a browser — the built bundle's size (gzip), what
// the overview page loads, and the time from opening the overview to its first chart drawn, in
// Debian's Chromium (playwright-core) against a running platform with the demo city (`npm start`, or
// --gateway). A benchmark, not a test: it never fails on a figure. Target (issue [10/11]): first
// chart under 1.5 s on this machine with the demo city.
//
//   npm run bench:dashboard -- [--gateway http://127.0.0.1:3000] [--user demo.heping] [--runs 10]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { demoAccounts } from '../../scripts/lib/demo-city.mjs';
import { loadAvg, machineInfo, repo, round, sayer, summarize, writeResult } from '../lib/bench-kit.mjs';

const { values: opts } = parseArgs({
  options: {
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000' },
    user: { type: 'string', default: 'demo.heping' },
    password: { type: 'string', default: (await demoAccounts()).demoPassword() },
    runs: { type: 'string', default: '10' },
  },
});
const say = sayer('dashboard');
const started = new Date();
const kb = (bytes) => round(bytes / 1024, 1);

/** Every built file with its raw and gzip size. */
function bundle() {
  const dir = join(repo, 'dist/dashboard/assets');
  const files = readdirSync(dir).map((name) => {
    const body = readFileSync(join(dir, name));
    return { name, bytes: statSync(join(dir, name)).size, gzip: gzipSync(body, { level: 9 }).length };
  });
  const total = (kind) => files.filter((f) => f.name.endsWith(kind)).reduce((a, f) => a + f.gzip, 0);
  return { files, jsGzipKiB: kb(total('.js')), cssGzipKiB: kb(total('.css')) };
}

const built = bundle();
const gzipOf = new Map(built.files.map((f) => [f.name, f.gzip]));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const out = {
  benchmark: 'dashboard',
  started: started.toISOString(),
  machine: machineInfo(),
  settings: opts,
};
try {
  const context = await browser.newContext({ baseURL: opts.gateway, viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  await page.goto('/#/sign-in');
  await page.locator('input[data-test=username]').fill(opts.user);
  await page.locator('input[data-test=password]').fill(opts.password);
  await page.locator('[data-test=sign-in]').click();
  await page.waitForURL((url) => url.hash === '#/');

  const runs = Number(opts.runs);
  const cold = [];
  const warm = [];
  let overviewFiles = [];
  for (let i = 0; i < runs; i++) {
    // Cold: a new tab without the HTTP cache (the session is copied over); warm: a reload.
    const isCold = i % 2 === 0;
    const tab = isCold ? await context.newPage() : page;
    if (isCold) {
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const session = await page.evaluate(() => sessionStorage.getItem('anlao.session'));
      await tab.addInitScript((s) => s && sessionStorage.setItem('anlao.session', s), session);
    }
    const loaded = [];
    tab.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/assets/')) loaded.push(path.slice('/assets/'.length));
    });
    const t0 = performance.now();
    await (isCold ? tab.goto('/#/') : tab.reload());
    await tab
      .locator('[data-test=overview-chart] canvas')
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    const ms = performance.now() - t0;
    (isCold ? cold : warm).push(ms);
    if (isCold) {
      overviewFiles = [...new Set(loaded)];
      await tab.close();
    }
    say(`${isCold ? 'cold' : 'warm'} first chart ${round(ms)} ms`);
  }
  const overviewGzip = overviewFiles.reduce((a, f) => a + (gzipOf.get(f) ?? 0), 0);
  out.results = {
    bundle: { jsGzipKiB: built.jsGzipKiB, cssGzipKiB: built.cssGzipKiB, files: built.files.length },
    overview: {
      files: overviewFiles.length,
      gzipKiB: kb(overviewGzip),
      of: kb(built.files.reduce((a, f) => a + f.gzip, 0)),
    },
    firstChartMs: { cold: summarize(cold), warm: summarize(warm) },
    target: { firstChartMs: 1500 },
    loadAvg: loadAvg(),
  };
} finally {
  await browser.close();
}
const r = out.results;
process.stdout.write(
  [
    '| figure | value | target |',
    '| --- | --- | --- |',
    `| bundle, all JS (gzip) | ${r.bundle.jsGzipKiB} KiB in ${r.bundle.files} files | — |`,
    `| bundle, all CSS (gzip) | ${r.bundle.cssGzipKiB} KiB | — |`,
    `| what the overview loads (gzip) | ${r.overview.gzipKiB} KiB in ${r.overview.files} files, of ${r.overview.of} KiB | less than all |`,
    `| first chart, cold cache (p50 / max) | ${r.firstChartMs.cold?.p50} / ${r.firstChartMs.cold?.max} ms | < 1,500 ms |`,
    `| first chart, warm cache (p50 / max) | ${r.firstChartMs.warm?.p50} / ${r.firstChartMs.warm?.max} ms | < 1,500 ms |`,
    '',
  ].join('\n'),
);
say(`results: ${await writeResult('dashboard', started, out)}`);

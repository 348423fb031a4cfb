/**
 * `npm run demo:city -- --residents N --months M`: a large city for benchmarks, loaded through
 * the public API of a running platform, with a progress bar, resumable if interrupted (see
 * demo-large-run.ts). Without options: the small demo city of `npm start` (demo-city.ts).
 *
 * The options are read before anything that talks to the gateway is loaded: demo-http.ts reads
 * GATEWAY_URL once, when it is imported, and `--gateway` sets it.
 */
import { parseOptions, USAGE } from './demo-large-options.js';

try {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options.help) process.stdout.write(`${USAGE}\n`);
  else {
    process.env.GATEWAY_URL = options.gateway;
    if (options.residents === null) await import('./demo-city.js');
    else {
      const { runLargeCity } = await import('./demo-large-run.js');
      await runLargeCity({ ...options, residents: options.residents });
    }
  }
} catch (error) {
  process.stderr.write(`\ndemo:city: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

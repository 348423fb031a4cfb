import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Integration tests run against the real broker and document store. `npm test`
 * starts them first; this makes a bare `jest` run do the same (idempotent, fast
 * when they already answer). With KAFKA_BROKERS and MONGO_URL set, those are used.
 */
export default function globalSetup(): void {
  const script = fileURLToPath(new URL('../../../deploy/local/infra.sh', import.meta.url));
  execFileSync('bash', [script, 'up'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
}

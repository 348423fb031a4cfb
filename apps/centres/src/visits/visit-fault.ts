/**
 * The kill test's failpoint (`VISIT_FAULT=after-insert:n`, NODE_ENV=test only): a function called
 * after each request's visits are stored, which kills the process at the n-th — the moment a
 * request dies with its visits stored, its client unanswered and its outbox intent unsealed
 * (ADR 0024). Anywhere else it does nothing.
 */
export function visitFault(spec: string | undefined, nodeEnv: string): () => void {
  const match = /^after-insert:(\d+)$/.exec(spec ?? '');
  if (!match || nodeEnv !== 'test') return () => undefined;
  let left = Number(match[1]);
  return () => {
    left -= 1;
    if (left === 0) process.kill(process.pid, 'SIGKILL');
  };
}

import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConsumerStatus } from './consumer-types.js';
import { backoffDelay, classifyError, errorSummary } from './error-class.js';

/** Longest sleep between two heartbeats: well under the group's 3 s heartbeat interval and 30 s session. */
const HEARTBEAT_SLICE_MS = 1_000;

/** The batch this consumer is working on is still its own (not stopping, not reassigned). */
export function batchAlive(payload: EachBatchPayload): boolean {
  return payload.isRunning() && !payload.isStale();
}

/**
 * Sleeps while keeping the group membership: the partition stays ours however
 * long we wait. Resolves `false` as soon as the batch is no longer ours, so a
 * stop or a rebalance is never held up by a back-off.
 */
export async function waitInBatch(payload: EachBatchPayload, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (!batchAlive(payload)) return false;
    await payload.heartbeat();
    const left = until - Date.now();
    if (left <= 0) return true;
    await sleep(Math.min(left, HEARTBEAT_SLICE_MS));
  }
}

export interface OutageReporter {
  /** An infrastructure failure; `attempt` counts the failures of this outage. */
  failing(error: unknown, attempt: number, delayMs: number): void;
  /** The operation went through after at least one failure. */
  recovered(): void;
}

export interface OutagePolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export type Attempt<T> = { done: true; value: T } | { done: false };

/**
 * Runs `op` until it stops failing for infrastructure reasons: the store or the
 * broker being away says nothing about the event, so it waits (exponential
 * back-off, capped, no limit) instead of spending the event's attempts. A poison
 * error is rethrown at once for the caller's bounded retries. `{done: false}`:
 * the batch was taken away (stop, rebalance) before `op` succeeded.
 */
export async function untilAvailable<T>(
  payload: EachBatchPayload,
  op: () => Promise<T>,
  policy: OutagePolicy,
  reporter: OutageReporter,
): Promise<Attempt<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await op();
      if (attempt > 1) reporter.recovered();
      return { done: true, value };
    } catch (error) {
      if (classifyError(error) === 'poison') {
        if (attempt > 1) reporter.recovered();
        throw error;
      }
      const delay = backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs);
      reporter.failing(error, attempt, delay);
      if (!(await waitInBatch(payload, delay))) return { done: false };
    }
  }
}

export function describeError(error: unknown): string {
  const { name, message } = errorSummary(error);
  return `${name}: ${message}`.slice(0, 300);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Keeps a consumer's health in `state` through an outage, and logs it without flooding. */
export function consumerOutageReporter(state: ConsumerStatus, logger: Logger): OutageReporter {
  return {
    failing: (error, attempt, delayMs) => {
      state.infrastructureRetries++;
      state.lastError = describeError(error);
      if (state.health === 'healthy') {
        state.health = 'degraded';
        state.failingSince = new Date().toISOString();
      }
      // Every failure at first, then every tenth: an outage of hours must not flood the log.
      if (attempt <= 3 || attempt % 10 === 0)
        logger.warn(
          { err: errorSummary(error), attempt, retryInMs: delayMs },
          'store or broker unavailable; partition waits',
        );
    },
    recovered: () => {
      if (state.health === 'healthy') return;
      logger.info({ failingSince: state.failingSince }, 'store and broker reachable again');
      state.health = 'healthy';
      state.failingSince = null;
    },
  };
}

/**
 * Whether a failure says something about the event (poison: it will fail again,
 * so it goes to dead letters after a few attempts) or about the world around it
 * (infrastructure: the store or broker is away; the same event will succeed once
 * it is back, so it must wait, never be dead-lettered).
 */
export type ErrorClass = 'infrastructure' | 'poison';

/** Thrown by a handler whose dependency is unavailable: the consumer waits and retries, without limit. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** MongoDB driver (and Mongoose) errors that mean "no usable server right now". */
const INFRA_NAMES = new Set([
  'TransientError',
  'TimeoutError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoStalePrimaryError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  // kafkajs: the broker or the cluster is unreachable or not answering in time.
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSNoBrokerAvailableError',
]);

/**
 * Server error codes of a replica set in transition or a server going away
 * (the driver's own retryable set): not-primary, stepping down, shutting down,
 * network and time limits.
 */
const INFRA_SERVER_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed (timed out waiting for replication)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Driver labels that mark an error as safe and sensible to retry. */
const INFRA_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool', 'PoolRequestedRetry'];

/** Node socket errors. */
const INFRA_SYSCALL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** Mongoose queues operations while it has no connection and fails them with this after a while. */
const BUFFERING_TIMEOUT = /buffering timed out/i;

/** Looks through `cause` chains (and kafkajs' `originalError`): wrappers often hide the real failure. */
const MAX_DEPTH = 6;

export function classifyError(error: unknown): ErrorClass {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && isObject(current); depth++) {
    if (isInfrastructure(current)) return 'infrastructure';
    current = current.cause ?? current.originalError;
  }
  return 'poison';
}

function isInfrastructure(error: Record<string, unknown>): boolean {
  const { name, code, message } = error;
  if (typeof name === 'string' && INFRA_NAMES.has(name)) return true;
  if (typeof code === 'number' && INFRA_SERVER_CODES.has(code)) return true;
  if (typeof code === 'string' && INFRA_SYSCALL_CODES.has(code)) return true;
  if (hasInfraLabel(error)) return true;
  // kafkajs marks broker answers that will pass on retry (leader moving, coordinator loading, …).
  if (typeof name === 'string' && name.startsWith('KafkaJS') && error.retriable === true) return true;
  return typeof message === 'string' && BUFFERING_TIMEOUT.test(message);
}

function hasInfraLabel(error: Record<string, unknown>): boolean {
  const labels = error.errorLabelSet ?? error.errorLabels;
  if (labels instanceof Set) return INFRA_LABELS.some((l) => labels.has(l));
  if (Array.isArray(labels)) return INFRA_LABELS.some((l) => labels.includes(l));
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Exponential back-off with a ceiling and ±20 % jitter, so consumers of many
 * partitions do not hit a recovering store in lock-step. `attempt` counts from 1.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const plain = Math.min(baseMs * 2 ** exponent, capMs);
  return Math.round(plain * (0.8 + 0.4 * random()));
}

export function errorSummary(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

import { createHash } from 'node:crypto';
import { DomainError } from './errors.js';

/** Ids a caller chooses for what it registers (idempotent PUTs): plain characters, at most 64. */
export const RECORD_ID = /^[A-Za-z0-9-]{1,64}$/;

/** A path id, or 400 problem+json naming the parameter. */
export function parseId(name: string, value: string): string {
  if (!RECORD_ID.test(value)) {
    throw new DomainError('invalid', 'request.invalid-id', `${name} must be 1-64 letters, digits or dashes`, [
      { field: name, message: 'letters, digits or dashes, at most 64' },
    ]);
  }
  return value;
}

/** `Idempotency-Key`: 1-100 characters of A-Z a-z 0-9 _ . : - (as libs/jobs takes it). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * The OpenAPI description of a required `Idempotency-Key` header, with its pattern: clients (and the
 * fuzzer) then never send a value the route refuses before reading the body (or one no HTTP client
 * may send, such as a line break).
 */
export function requiredIdempotencyKeyHeader(description: string) {
  return {
    name: 'Idempotency-Key',
    required: true,
    description,
    schema: { type: 'string' as const, pattern: IDEMPOTENCY_KEY.source },
  };
}

/**
 * The header where it is required: a call retried after a timeout must not create twice.
 * `code` names the refusal in the caller's vocabulary (`order.invalid-idempotency-key`).
 */
export function parseRequiredIdempotencyKey(value: string | string[] | undefined, code: string): string {
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value))
    throw new DomainError('invalid', code, 'an Idempotency-Key header is required', [
      { field: 'Idempotency-Key', message: '1-100 characters of A-Z a-z 0-9 _ . : -' },
    ]);
  return value;
}

/**
 * A record's id derived from its creator and the creator's key: the same key from the same
 * caller names the same record, so the store's unique `_id` makes a retry find the first one.
 */
export function idFromIdempotencyKey(prefix: string, subject: string, idempotencyKey: string): string {
  return `${prefix}-${createHash('sha256').update(`${subject}|${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

/** A digest of a request body (canonical JSON of its parts): the same key with another body is a conflict. */
export function requestDigest(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

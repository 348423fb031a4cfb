import { createHash } from 'node:crypto';
import type { ResidentCopy } from '#anlao/resident-copies';
import { DomainError } from '#anlao/platform';

/** `Idempotency-Key`: 1-100 characters of A-Z a-z 0-9 _ . : - (as libs/jobs takes it). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The header is required here: a hotline call retried after a timeout must not order twice. */
export function parseRequiredIdempotencyKey(value: string | string[] | undefined): string {
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value))
    throw new DomainError(
      'invalid',
      'order.invalid-idempotency-key',
      'an Idempotency-Key header is required',
      [{ field: 'Idempotency-Key', message: '1-100 characters of A-Z a-z 0-9 _ . : -' }],
    );
  return value;
}

/**
 * The order's id, derived from the caller and its key: the same key from the same caller names
 * the same order, so the store's unique `_id` makes a retry find the first one (ADR 0025).
 */
export function orderIdFor(subject: string, idempotencyKey: string): string {
  return `o-${createHash('sha256').update(`${subject}|${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

export interface OrderRequest {
  cardNumber?: string;
  residentId?: string;
  serviceType: string;
  note?: string | null;
}

/** What makes two requests under one key the same: the body, the card number only as a digest. */
export function requestFingerprint(request: OrderRequest, digest: (cardNumber: string) => string): string {
  const canonical = JSON.stringify([
    request.cardNumber === undefined ? null : digest(request.cardNumber),
    request.residentId ?? null,
    request.serviceType,
    request.note ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

export function assertSameRequest(stored: { fingerprint: string; _id: string }, fingerprint: string): void {
  if (stored.fingerprint !== fingerprint)
    throw new DomainError(
      'conflict',
      'order.idempotency-key-reused',
      `this Idempotency-Key already named order ${stored._id}, for another request`,
    );
}

const unprocessable = (code: string, detail: string, retryable = false) =>
  new DomainError('unprocessable', code, detail, [], retryable ? { retryable: true } : {});

/**
 * Whom the call is for, from the read model only (never a call to residents). Unknown is
 * retryable: a resident registered or a card issued a moment ago may not have arrived yet.
 */
export function orderableResident(
  copy: ResidentCopy | null,
  by: { cardId: string } | { residentId: string },
): ResidentCopy {
  const status =
    copy && 'cardId' in by ? (copy.cards.find((c) => c.cardId === by.cardId)?.status ?? null) : null;
  if (!copy || ('cardId' in by && !status))
    throw unprocessable('resident.unknown', 'no such resident or card is known here (yet)', true);
  if (status === 'suspended') throw unprocessable('card.suspended', 'the card is suspended');
  if (status === 'lost') throw unprocessable('card.lost', 'the card was reported lost and replaced');
  if (!copy.alive) throw unprocessable('resident.deceased', 'the resident’s death is recorded');
  return copy;
}

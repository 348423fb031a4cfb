import { createHash } from 'node:crypto';
import type { ResidentCopy } from '#anlao/resident-copies';
import { DomainError, idFromIdempotencyKey, parseRequiredIdempotencyKey } from '#anlao/platform';

/** The header is required here: a hotline call retried after a timeout must not order twice. */
export function parseOrderIdempotencyKey(value: string | string[] | undefined): string {
  return parseRequiredIdempotencyKey(value, 'order.invalid-idempotency-key');
}

/** The order's id, derived from the caller and its key (ADR 0025). */
export function orderIdFor(subject: string, idempotencyKey: string): string {
  return idFromIdempotencyKey('o', subject, idempotencyKey);
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

import { createHmac } from 'node:crypto';
import { z } from 'zod';

/**
 * A printed service-card number must not travel in clear on the bus (ADR 0021): the
 * residents service publishes a keyed digest of it, and centres digest a swiped number
 * with the same key and look the result up. Without `CARD_DIGEST_KEY` the digest of a
 * 16-digit number cannot be reversed by trying all 10¹⁶ candidates.
 */

/** HMAC-SHA256 in base64url without padding: always 43 characters. */
export const CARD_DIGEST_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** `CARD_DIGEST_KEY`: 32 random bytes, base64; the message names the variable, never the value. */
export const CardDigestKeySchema = z
  .string({ message: 'CARD_DIGEST_KEY is required' })
  .refine(
    (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
    'CARD_DIGEST_KEY must be 32 random bytes, base64-encoded',
  );

/** `HMAC-SHA256(key, number)` in base64url; `keyBase64` as validated by `CardDigestKeySchema`. */
export function cardDigest(keyBase64: string, number: string): string {
  return cardDigester(keyBase64)(number);
}

/** The same digest with the key decoded once: for a service that digests many numbers. */
export function cardDigester(keyBase64: string): (number: string) => string {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('CARD_DIGEST_KEY must be 32 bytes');
  return (number) => createHmac('sha256', key).update(number, 'utf8').digest('base64url');
}

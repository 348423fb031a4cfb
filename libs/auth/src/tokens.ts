import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AccessClaimsInput } from './principal.js';

export const TOKEN_ALGORITHM = 'ES256';

export interface SignOptions {
  privateKey: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * Mints an access token. Only the gateway holds the private key; every service
 * verifies with the public key, so no service can mint tokens.
 */
export function signAccessToken(
  claims: AccessClaimsInput,
  options: SignOptions,
): { token: string; tokenId: string } {
  const tokenId = randomUUID();
  const token = jwt.sign({ ...claims, jti: tokenId }, options.privateKey, {
    algorithm: TOKEN_ALGORITHM,
    issuer: options.issuer,
    audience: options.audience,
    expiresIn: options.ttlSeconds,
  });
  return { token, tokenId };
}

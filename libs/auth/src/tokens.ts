import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DomainError } from '#anlao/platform';
import { principalFromClaims, type AccessClaimsInput, type Principal } from './principal.js';

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

export interface VerifyOptions {
  publicKey: string;
  issuer: string;
  audience: string;
}

/**
 * Verifies an access token outside Nest's guards (the gateway's edge, before it
 * routes a request on). Same checks as the passport strategy.
 */
export function verifyAccessToken(
  token: string,
  options: VerifyOptions,
  revocations: { isRevoked(subject: string, version: number): boolean; assertCurrent(): void },
): Principal {
  revocations.assertCurrent();
  let claims: unknown;
  try {
    claims = jwt.verify(token, options.publicKey, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: 5,
    });
  } catch (error) {
    throw new DomainError(
      'unauthenticated',
      'auth.invalid-token',
      `authentication failed: ${error instanceof Error ? error.message : 'bad token'}`,
    );
  }
  const principal = principalFromClaims(claims);
  if (!principal)
    throw new DomainError(
      'unauthenticated',
      'auth.invalid-token',
      'the token does not carry a valid role and scope',
    );
  if (revocations.isRevoked(principal.subject, principal.version)) {
    throw new DomainError('unauthenticated', 'auth.revoked', 'these credentials have been revoked');
  }
  return principal;
}

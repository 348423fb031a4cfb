import { generateKeyPairSync } from 'node:crypto';
import { signAccessToken, type AccessClaimsInput } from '#anlao/auth';

/** One signing key pair per test process, like the gateway's in production. */
export const TEST_KEYS = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let counter = 0;

/** An access token as the gateway would mint it (same code path, `signAccessToken`). */
type WithoutIdentity<T> = T extends unknown ? Omit<T, 'sub' | 'ver'> & { sub?: string; ver?: number } : never;

export function tokenFor(claims: WithoutIdentity<AccessClaimsInput>, ttlSeconds = 600): string {
  counter += 1;
  return signAccessToken(
    { sub: `test-${counter}`, ver: 1, ...claims },
    {
      privateKey: TEST_KEYS.privateKey,
      issuer: 'anlao',
      audience: 'anlao-api',
      ttlSeconds,
    },
  ).token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What an `Authorization` header presents. */
export type PresentedCredential =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'malformed' }
  | { kind: 'unsupported-scheme' };

/** RFC 9110 §11.2: `scheme 1*SP token68`; the scheme is case-insensitive. */
const CREDENTIALS = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?: +([A-Za-z0-9\-._~+/]+=*))?$/;

/**
 * Reads the `Authorization` header the way every standard client may write it
 * (`Bearer`, `bearer`, `BEARER`). Anything presented is classified, never
 * ignored: a header the gateway cannot use is refused, not treated as anonymous.
 */
export function presentedCredential(header: string | string[] | undefined): PresentedCredential {
  if (header === undefined) return { kind: 'none' };
  if (Array.isArray(header)) return { kind: 'malformed' };
  const match = CREDENTIALS.exec(header.trim());
  if (!match) return { kind: 'malformed' };
  const [, scheme = '', token] = match;
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'unsupported-scheme' };
  return token ? { kind: 'bearer', token } : { kind: 'malformed' };
}

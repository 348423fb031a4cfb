import { z } from 'zod';
import { CLIENT_ROLES, STAFF_ROLES, type ClientRole, type StaffRole } from './roles.js';

/**
 * Who is calling, as proven by a verified token. Never built from request bodies.
 * An API client's `orgUnit` (where it was registered) places its audit entries;
 * its scope is its centre or organisation, never the unit.
 */
export type Principal =
  | { kind: 'staff'; subject: string; role: StaffRole; orgUnit: string; version: number; tokenId: string }
  | {
      kind: 'centre';
      subject: string;
      role: Extract<ClientRole, 'centre-client'>;
      centreId: string;
      orgUnit?: string;
      version: number;
      tokenId: string;
    }
  | {
      kind: 'organisation';
      subject: string;
      role: Extract<ClientRole, 'organisation-client'>;
      organisationId: string;
      orgUnit?: string;
      version: number;
      tokenId: string;
    };

const code = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const orgUnitPath = z.string().regex(/^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/);

/** Claims of an access token, beyond iss/aud/exp/iat which the JWT layer checks. */
export const AccessClaims = z.discriminatedUnion('role', [
  ...STAFF_ROLES.map((role) =>
    z.object({
      sub: z.string().min(1),
      jti: z.string().min(1),
      ver: z.number().int().positive(),
      role: z.literal(role),
      orgUnit: orgUnitPath,
    }),
  ),
  z.object({
    sub: z.string().min(1),
    jti: z.string().min(1),
    ver: z.number().int().positive(),
    role: z.literal(CLIENT_ROLES[0]),
    centreId: code,
    orgUnit: orgUnitPath.optional(),
  }),
  z.object({
    sub: z.string().min(1),
    jti: z.string().min(1),
    ver: z.number().int().positive(),
    role: z.literal(CLIENT_ROLES[1]),
    organisationId: code,
    orgUnit: orgUnitPath.optional(),
  }),
] as unknown as [z.ZodObject, ...z.ZodObject[]]);

export type AccessClaimsInput =
  | { sub: string; ver: number; role: StaffRole; orgUnit: string }
  | { sub: string; ver: number; role: 'centre-client'; centreId: string; orgUnit?: string }
  | { sub: string; ver: number; role: 'organisation-client'; organisationId: string; orgUnit?: string };

export function principalFromClaims(raw: unknown): Principal | null {
  const parsed = AccessClaims.safeParse(raw);
  if (!parsed.success) return null;
  const c = parsed.data as {
    sub: string;
    jti: string;
    ver: number;
    role: string;
    orgUnit?: string;
    centreId?: string;
    organisationId?: string;
  };
  const base = { subject: c.sub, version: c.ver, tokenId: c.jti };
  const place = c.orgUnit ? { orgUnit: c.orgUnit } : {};
  if (c.role === 'centre-client' && c.centreId)
    return { ...base, ...place, kind: 'centre', role: 'centre-client', centreId: c.centreId };
  if (c.role === 'organisation-client' && c.organisationId)
    return {
      ...base,
      ...place,
      kind: 'organisation',
      role: 'organisation-client',
      organisationId: c.organisationId,
    };
  if (c.orgUnit) return { ...base, kind: 'staff', role: c.role as StaffRole, orgUnit: c.orgUnit };
  return null;
}

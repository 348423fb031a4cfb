/** Staff roles, from the widest to the narrowest, plus the two kinds of API client. */
export const STAFF_ROLES = [
  'city-admin',
  'district-staff',
  'street-staff',
  'hotline-operator',
  'auditor',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const CLIENT_ROLES = ['centre-client', 'organisation-client'] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];

export type Role = StaffRole | ClientRole;

/** Roles that manage places and people (not auditors, not operators). */
export const MANAGING_STAFF: readonly StaffRole[] = ['city-admin', 'district-staff', 'street-staff'];
/** Every staff role that may read reports. */
export const ALL_STAFF: readonly StaffRole[] = STAFF_ROLES;

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

import type { SignedInStaff, StaffRole } from '../../api/session';
import type { StaffAccount } from './admin-api';

/**
 * The gateway's grant matrix (apps/gateway/README.md, `decideAccountOperation`), so the page offers only
 * what the API would allow. The API still decides every call; a refusal shows its own message.
 */
export const STAFF_ROLES: StaffRole[] = [
  'city-admin',
  'district-staff',
  'street-staff',
  'hotline-operator',
  'auditor',
];

const GRANTS: Record<StaffRole, StaffRole[]> = {
  'city-admin': STAFF_ROLES,
  'district-staff': ['street-staff', 'hotline-operator'],
  'street-staff': [],
  'hotline-operator': [],
  auditor: [],
};

export type AdminTab = 'accounts' | 'clients' | 'rules' | 'audit';

/** Roles the actor may create, act on, or change an account to. */
export function grantableRoles(actor: StaffRole): StaffRole[] {
  return GRANTS[actor];
}

export function withinUnit(actorUnit: string, unit: string): boolean {
  return unit === actorUnit || unit.startsWith(`${actorUnit}.`);
}

/** Disable, enable, reset the password of, or change the role of this account. */
export function mayActOn(actor: SignedInStaff, target: StaffAccount): boolean {
  return (
    target.staffId !== actor.subject &&
    grantableRoles(actor.role).includes(target.role) &&
    withinUnit(actor.orgUnit, target.orgUnit)
  );
}

export function mayCreateStaff(role: StaffRole): boolean {
  return grantableRoles(role).length > 0;
}

/** Issue, rotate and revoke API clients: managing staff (the auditor reads the list only). */
export function mayManageClients(role: StaffRole): boolean {
  return role === 'city-admin' || role === 'district-staff' || role === 'street-staff';
}

/** Publishing a rule set: a city-admin of the city itself (`assertCityLevel`). */
export function mayPublishRules(staff: SignedInStaff): boolean {
  return staff.role === 'city-admin' && !staff.orgUnit.includes('.');
}

/** The tabs a role may use: each list's GET roles, the audit log for auditors and city admins. */
export function tabsFor(role: StaffRole): AdminTab[] {
  const tabs: AdminTab[] = [];
  if (role === 'city-admin' || role === 'district-staff' || role === 'auditor') tabs.push('accounts');
  if (role !== 'hotline-operator') tabs.push('clients');
  tabs.push('rules');
  if (role === 'auditor' || role === 'city-admin') tabs.push('audit');
  return tabs;
}

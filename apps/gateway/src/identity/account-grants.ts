import { orgUnitCovers, type StaffRole } from '#anlao/auth';

/** Which roles each role may hand out: never more than its own reach. */
export const GRANTABLE: Record<StaffRole, readonly StaffRole[]> = {
  'city-admin': ['city-admin', 'district-staff', 'street-staff', 'hotline-operator', 'auditor'],
  'district-staff': ['street-staff', 'hotline-operator'],
  'street-staff': [],
  'hotline-operator': [],
  auditor: [],
};

export const ACCOUNT_OPERATIONS = ['create', 'disable', 'enable', 'reset-password', 'change-role'] as const;
export type AccountOperation = (typeof ACCOUNT_OPERATIONS)[number];

/** Operations that would let a stolen token lock its owner out or keep itself alive. */
const NOT_ON_ONESELF: readonly AccountOperation[] = ['disable', 'reset-password', 'change-role'];

export interface AccountActor {
  subject: string;
  role: StaffRole;
  orgUnit: string;
}

/** The account acted on; for `create`, the account to be (with no id yet). */
export interface AccountTarget {
  staffId: string | null;
  role: StaffRole;
  orgUnit: string;
}

export type AccountDecision =
  { outcome: 'allowed' } | { outcome: 'forbidden'; code: string; detail: string } | { outcome: 'not-found' };

const forbidden = (code: string, detail: string): AccountDecision => ({ outcome: 'forbidden', code, detail });

/**
 * The one grant matrix for every account operation. A role acts only on accounts
 * in its unit subtree whose role it may grant (and, for a role change, only to a
 * role it may grant), never on itself for disable, reset or role change. An
 * existing account outside the actor's unit reads as not found; creating one
 * there is forbidden (the place is not secret, the accounts in it are).
 */
export function decideAccountOperation(
  actor: AccountActor,
  operation: AccountOperation,
  target: AccountTarget,
  newRole?: StaffRole,
): AccountDecision {
  const grantable = GRANTABLE[actor.role];
  if (grantable.length === 0)
    return forbidden('auth.role-forbidden', `a ${actor.role} does not manage accounts`);
  if (!orgUnitCovers(actor.orgUnit, target.orgUnit)) {
    return operation === 'create'
      ? forbidden('scope.forbidden', 'this org unit is outside your scope')
      : { outcome: 'not-found' };
  }
  if (target.staffId === actor.subject && NOT_ON_ONESELF.includes(operation)) {
    return forbidden('staff.self-forbidden', `you may not ${operation} your own account`);
  }
  if (!grantable.includes(target.role)) {
    return forbidden(
      'auth.role-not-grantable',
      operation === 'create'
        ? `your role may not grant ${target.role}`
        : `your role may not manage a ${target.role}`,
    );
  }
  if (operation === 'change-role') {
    if (newRole === undefined)
      return forbidden('auth.role-not-grantable', 'a role change needs the new role');
    if (!grantable.includes(newRole)) {
      return forbidden('auth.role-not-grantable', `your role may not grant ${newRole}`);
    }
  }
  return { outcome: 'allowed' };
}

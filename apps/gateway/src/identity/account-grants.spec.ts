import { STAFF_ROLES, type StaffRole } from '#anlao/auth';
import { ACCOUNT_OPERATIONS, decideAccountOperation, type AccountOperation } from './account-grants.js';

/**
 * The grant matrix as a table: every actor role × operation × target role × in or
 * out of the actor's unit. Letters, per target role in STAFF_ROLES order:
 * A allowed, G forbidden (role not grantable), R forbidden (actor's role manages
 * no accounts), S forbidden (place outside the actor's unit), N not found.
 */
const IN_UNIT: Record<StaffRole, string> = {
  'city-admin': 'A A A A A',
  'district-staff': 'G G A A G',
  'street-staff': 'R R R R R',
  'hotline-operator': 'R R R R R',
  auditor: 'R R R R R',
};
const OUT_OF_UNIT_EXISTING: Record<StaffRole, string> = {
  'city-admin': 'N N N N N',
  'district-staff': 'N N N N N',
  'street-staff': 'R R R R R',
  'hotline-operator': 'R R R R R',
  auditor: 'R R R R R',
};
const OUT_OF_UNIT_CREATE: Record<StaffRole, string> = {
  'city-admin': 'S S S S S',
  'district-staff': 'S S S S S',
  'street-staff': 'R R R R R',
  'hotline-operator': 'R R R R R',
  auditor: 'R R R R R',
};
const EXPECTED: Record<string, { outcome: string; code?: string }> = {
  A: { outcome: 'allowed' },
  G: { outcome: 'forbidden', code: 'auth.role-not-grantable' },
  R: { outcome: 'forbidden', code: 'auth.role-forbidden' },
  S: { outcome: 'forbidden', code: 'scope.forbidden' },
  N: { outcome: 'not-found' },
};

const actorOf = (role: StaffRole) => ({
  subject: `actor-${role}`,
  role,
  orgUnit: role === 'city-admin' ? '2101' : '2101.210102',
});
const IN = '2101.210102.210102001';
const outOf = (role: StaffRole) => (role === 'city-admin' ? '2102.210202' : '2101.210103');

const rows = STAFF_ROLES.flatMap((actorRole) =>
  ACCOUNT_OPERATIONS.flatMap((operation) =>
    STAFF_ROLES.flatMap((targetRole, i) =>
      (['in', 'out'] as const).map((where) => {
        const grid =
          where === 'in' ? IN_UNIT : operation === 'create' ? OUT_OF_UNIT_CREATE : OUT_OF_UNIT_EXISTING;
        const letter = grid[actorRole].split(' ')[i] ?? '?';
        return [actorRole, operation, targetRole, where, letter] as const;
      }),
    ),
  ),
);

describe('decideAccountOperation', () => {
  it('covers every role × operation × target role × place', () => {
    expect(rows).toHaveLength(5 * 5 * 5 * 2);
  });

  it.each(rows)('%s %s a %s %s its unit → %s', (actorRole, operation, targetRole, where, letter) => {
    const decision = decideAccountOperation(
      actorOf(actorRole),
      operation,
      {
        staffId: operation === 'create' ? null : 'someone-else',
        role: targetRole,
        orgUnit: where === 'in' ? IN : outOf(actorRole),
      },
      operation === 'change-role' ? 'street-staff' : undefined,
    );
    expect(decision).toMatchObject(EXPECTED[letter] ?? {});
  });

  it.each<[StaffRole, AccountOperation, string]>([
    ['city-admin', 'disable', 'forbidden'],
    ['city-admin', 'reset-password', 'forbidden'],
    ['city-admin', 'change-role', 'forbidden'],
    ['city-admin', 'enable', 'allowed'],
    ['district-staff', 'disable', 'forbidden'],
  ])('a %s may not %s its own account (%s)', (role, operation, outcome) => {
    const actor = actorOf(role);
    const decision = decideAccountOperation(
      actor,
      operation,
      { staffId: actor.subject, role, orgUnit: actor.orgUnit },
      'auditor',
    );
    expect(decision.outcome).toBe(outcome);
    if (outcome === 'forbidden') expect(decision).toMatchObject({ code: 'staff.self-forbidden' });
  });

  it('changes a role only to one the actor may grant', () => {
    const district = actorOf('district-staff');
    const target = { staffId: 't', role: 'street-staff' as const, orgUnit: IN };
    expect(decideAccountOperation(district, 'change-role', target, 'hotline-operator').outcome).toBe(
      'allowed',
    );
    for (const wider of ['city-admin', 'district-staff', 'auditor'] as const) {
      expect(decideAccountOperation(district, 'change-role', target, wider)).toMatchObject({
        outcome: 'forbidden',
        code: 'auth.role-not-grantable',
      });
    }
    expect(decideAccountOperation(district, 'change-role', target)).toMatchObject({ outcome: 'forbidden' });
    expect(decideAccountOperation(actorOf('city-admin'), 'change-role', target, 'auditor').outcome).toBe(
      'allowed',
    );
  });

  it('treats a sibling unit with a common prefix as outside', () => {
    const district = actorOf('district-staff');
    const target = { staffId: 't', role: 'street-staff' as const, orgUnit: '2101.2101021' };
    expect(decideAccountOperation(district, 'disable', target).outcome).toBe('not-found');
  });
});

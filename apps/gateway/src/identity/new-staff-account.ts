import { randomUUID } from 'node:crypto';
import type { StaffRole } from '#anlao/auth';
import { hashPassword } from './secrets.js';
import type { StaffAccount } from './staff-account.schema.js';

export interface NewStaff {
  username: string;
  password: string;
  role: StaffRole;
  orgUnit: string;
}

/** A fresh account record: the API and the first-admin command build it the same way. */
export async function newStaffAccount(input: NewStaff): Promise<StaffAccount> {
  return {
    _id: randomUUID(),
    username: input.username.toLowerCase(),
    passwordHash: await hashPassword(input.password),
    role: input.role,
    orgUnit: input.orgUnit,
    credentialVersion: 1,
    mustChangePassword: false,
    status: 'active',
  };
}

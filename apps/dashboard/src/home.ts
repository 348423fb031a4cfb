import type { StaffRole } from './api/session';

/** The first page a role lands on: hotline operators answer calls, everybody else reads the overview. */
export function homeOf(role: StaffRole | undefined): string {
  return role === 'hotline-operator' ? '/hotline' : '/';
}

import type { SocialWorkLicence } from '#anlao/events';

export interface StaffFact {
  streetPath: string;
  role: 'worker' | 'contact-person';
  licence: SocialWorkLicence;
  active: boolean;
}

export interface StreetContactPersons {
  streetPath: string;
  /** Active contact persons covering the street. */
  contactPersons: number;
  /** Of them, those holding any social-work licence. */
  licensed: number;
  byLicence: Record<Exclude<SocialWorkLicence, 'none'>, number>;
}

/**
 * Seed 001, figure 3: how many contact persons each street has and how many of them hold a
 * social-work licence. Inactive staff and plain workers are not counted; streets in path order.
 */
export function contactPersonsByStreet(staff: readonly StaffFact[]): StreetContactPersons[] {
  const streets = new Map<string, StreetContactPersons>();
  for (const s of staff) {
    if (!s.active || s.role !== 'contact-person') continue;
    let row = streets.get(s.streetPath);
    if (!row) {
      row = {
        streetPath: s.streetPath,
        contactPersons: 0,
        licensed: 0,
        byLicence: { 'assistant-social-worker': 0, 'social-worker': 0, 'senior-social-worker': 0 },
      };
      streets.set(s.streetPath, row);
    }
    row.contactPersons += 1;
    if (s.licence !== 'none') {
      row.licensed += 1;
      row.byLicence[s.licence] += 1;
    }
  }
  return [...streets.values()].sort((a, b) => (a.streetPath < b.streetPath ? -1 : 1));
}

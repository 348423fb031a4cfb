import type { Principal } from '#anlao/auth';
import { maskNationalId } from './national-id.js';
import type { Resident } from './resident.schema.js';

/** Roles that may see a national ID number whole, and only on a single-record read. */
export const FULL_ID_ROLES: ReadonlySet<string> = new Set(['city-admin', 'district-staff', 'street-staff']);

/**
 * How an answer came to show a resident:
 * - `summary`: a list or the answer to a write. The ID number is masked for everyone, so
 *   a page of 200 records never carries 200 whole numbers, and a full number is only ever
 *   what the audit trail records as one person's record read (with its target);
 * - `record`: a single-record read (`GET /residents/{id}`, the look-ups by ID or card
 *   number): whole for `FULL_ID_ROLES`, masked for the others.
 */
export type ResidentReadKind = 'summary' | 'record';

export function showsWholeId(principal: Principal, kind: ResidentReadKind): boolean {
  return kind === 'record' && FULL_ID_ROLES.has(principal.role);
}

export interface ResidentView {
  residentId: string;
  nationalId: string;
  nationalIdMasked: boolean;
  name: string;
  sex: string;
  birthDate: string;
  phone: string;
  address: string;
  communityCode: string;
  communityPath: string;
  hukou: string;
  livingArrangement: string;
  familyStatus: string;
  economicStatus: string;
  selfCare: string;
  disabilities: string[];
  chronicConditions: string[];
  status: string;
  diedOn: string | null;
  eligibility: Resident['eligibility'];
  card: { number: string; status: string } | null;
}

/** The API shape of a resident, given the decrypted number and whether it may be shown whole. */
export function residentView(r: Resident, nationalId: string, whole: boolean): ResidentView {
  return {
    residentId: r._id,
    nationalId: whole ? nationalId : maskNationalId(nationalId),
    nationalIdMasked: !whole,
    name: r.name,
    sex: r.sex,
    birthDate: r.birthDate,
    phone: r.phone,
    address: r.address,
    communityCode: r.communityCode,
    communityPath: r.communityPath,
    hukou: r.hukou,
    livingArrangement: r.livingArrangement,
    familyStatus: r.familyStatus,
    economicStatus: r.economicStatus,
    selfCare: r.selfCare,
    disabilities: r.disabilities,
    chronicConditions: r.chronicConditions,
    status: r.status,
    diedOn: r.diedOn,
    eligibility: r.eligibility,
    card: r.card ? { number: r.card.number, status: r.card.status } : null,
  };
}

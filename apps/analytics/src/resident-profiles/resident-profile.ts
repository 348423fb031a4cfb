import type { AnyEvent, PriorityGroup } from '#anlao/events';

/**
 * What analytics keeps of a resident (issue [9/11]): where they live, the coded facts that put them
 * in the priority groups, and when they were eligible — never a name or an ID number. Fed only by
 * the residents events; a projection, rebuilt by replaying the topic.
 */
export interface ResidentProfile {
  _id: string;
  communityPath: string;
  /** YYYY-MM: the 80+ group is judged per month from it. */
  birthYearMonth: string;
  hukou: 'urban' | 'rural';
  livingArrangement: 'alone' | 'with-partner' | 'with-children' | 'other';
  familyStatus: 'shidu' | 'empty-nest' | 'ordinary';
  economicStatus: 'dibao' | 'special-hardship' | 'ordinary';
  /** Current eligibility categories (the last assessment's). */
  categories: string[];
  /** Spells of eligibility for anything, by local day; `to` null while it lasts. At most a few per elder. */
  eligibility: { from: string; to: string | null }[];
  diedOn: string | null;
  /** The latest service (visit check-in, delivery end or session day) analytics has read; for the at-risk list. */
  lastServedAt: string | null;
}

export const PROFILE_EVENTS = [
  'resident.registered',
  'resident.updated',
  'resident.moved',
  'resident.died',
  'eligibility.assessed',
] as const;
export type ProfileEvent = Extract<AnyEvent, { type: (typeof PROFILE_EVENTS)[number] }>;

/** The day before `day` (YYYY-MM-DD). */
function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Folds one residents event into the profile (null before the first). Every branch sets values, so
 * applying a partition's tail again, in order, ends in the same state. An assessment opens a spell
 * when the resident becomes eligible and closes it (the day before) when they stop.
 */
export function foldProfile(profile: ResidentProfile | null, event: ProfileEvent): ResidentProfile | null {
  switch (event.type) {
    case 'resident.registered':
    case 'resident.updated': {
      const p = event.payload;
      const facts = {
        communityPath: p.communityPath,
        birthYearMonth: p.birthYearMonth,
        hukou: p.hukou,
        livingArrangement: p.livingArrangement,
        familyStatus: p.familyStatus,
        economicStatus: p.economicStatus,
      };
      return profile
        ? { ...profile, ...facts }
        : { _id: p.residentId, ...facts, categories: [], eligibility: [], diedOn: null, lastServedAt: null };
    }
    case 'resident.moved':
      return profile ? { ...profile, communityPath: event.payload.toPath } : null;
    case 'resident.died':
      return profile ? { ...profile, diedOn: event.payload.diedOn } : null;
    case 'eligibility.assessed': {
      if (!profile) return null;
      const { categories, assessedOn } = event.payload;
      const open = profile.eligibility.find((s) => s.to === null);
      let eligibility = profile.eligibility;
      if (categories.length > 0 && !open && !profile.eligibility.some((s) => s.from === assessedOn))
        eligibility = [...eligibility, { from: assessedOn, to: null }];
      if (categories.length === 0 && open && open.from <= assessedOn)
        // Eligible up to the day before the assessment that ended it (empty when it ended that day).
        eligibility = eligibility.map((s) => (s === open ? { ...s, to: dayBefore(assessedOn) } : s));
      return { ...profile, categories: [...categories], eligibility };
    }
  }
}

const monthStart = (month: string) => `${month}-01`;
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, m ?? 1, 0)).toISOString().slice(0, 10);
}

/** Eligible on any day of the month (the coverage rule), and alive on one of them. */
export function eligibleIn(profile: ResidentProfile, month: string): boolean {
  const first = monthStart(month);
  const last = monthEnd(month);
  if (profile.diedOn !== null && profile.diedOn < first) return false;
  return profile.eligibility.some(
    (s) => s.from <= last && (s.to === null || s.to >= first) && s.from <= (s.to ?? s.from),
  );
}

/** The priority groups the resident is in during the month (80+ by the month's end). */
export function groupsIn(profile: ResidentProfile, month: string): PriorityGroup[] {
  const groups: PriorityGroup[] = [];
  if (profile.livingArrangement === 'alone') groups.push('living-alone');
  if (profile.familyStatus === 'shidu') groups.push('shidu');
  if (profile.familyStatus === 'empty-nest') groups.push('empty-nest');
  const [by, bm] = profile.birthYearMonth.split('-').map(Number);
  const [y, m] = month.split('-').map(Number);
  if ((y ?? 0) * 12 + (m ?? 0) - ((by ?? 0) * 12 + (bm ?? 0)) >= 80 * 12) groups.push('aged-80-plus');
  if (profile.economicStatus !== 'ordinary') groups.push('low-income');
  if (profile.hukou === 'rural') groups.push('rural-hukou');
  return groups;
}

import { orgUnitCovers } from '#anlao/auth';
import { addDays, DomainError } from '#anlao/platform';
import type { ProviderCopy } from '../provider-directory/provider-directory.schema.js';
import type { Programme } from '../programmes/programme.schema.js';
import type { HoursLog } from './hours-log.schema.js';
import type { Training } from './volunteer.schema.js';

/** The instrument whose pre/post assessments are a volunteer team's capacity assessment (seed 002). */
export const CAPACITY_INSTRUMENT = 'volunteer-service-capacity@1';

/** Service hours are logged while they are remembered: at most this many days after the day served. */
export const MAX_LOG_AGE_DAYS = 90;

const unprocessable = (code: string, detail: string, retryable = false) =>
  new DomainError('unprocessable', code, detail, [], retryable ? { retryable: true } : {});

/** A team works where its organisation works; an organisation not known (yet) is retryable (events may lag). */
export function checkTeamPlace(provider: ProviderCopy | null, communityPath: string): void {
  if (provider === null)
    throw unprocessable('provider.unknown', 'this organisation is not known here (yet)', true);
  if (!provider.operatingAreas.some((area) => orgUnitCovers(area, communityPath)))
    throw unprocessable(
      'volunteer-team.outside-provider-areas',
      'the community is outside the organisation’s operating areas',
    );
}

/**
 * The programme whose assessments measure the team's capacity: one of the same organisation's
 * (another's reads as unknown), using the volunteers' capacity instrument.
 */
export function checkCapacityProgramme(
  programme: Pick<Programme, 'providerId' | 'instrument'> | null,
  providerId: string,
): void {
  if (programme === null || programme.providerId !== providerId)
    throw unprocessable('capacity-programme.unknown', 'no such programme of this organisation');
  if (programme.instrument !== CAPACITY_INSTRUMENT)
    throw unprocessable(
      'capacity-programme.wrong-instrument',
      `the programme’s assessments must use ${CAPACITY_INSTRUMENT}`,
    );
}

/** The problems of a day served, seen on `today` (the city's): not in the future, not older than 90 days. */
export function servedOnProblems(servedOn: string, today: string): { field: string; message: string }[] {
  if (servedOn > today) return [{ field: 'servedOn', message: 'not in the future' }];
  if (servedOn < addDays(today, -MAX_LOG_AGE_DAYS))
    return [{ field: 'servedOn', message: `at most ${MAX_LOG_AGE_DAYS} days ago` }];
  return [];
}

export interface VolunteerProfile {
  skills: string[];
  trainings: Training[];
}

/** Skills sorted and each once; trainings by day then code, each (code, day) once: order never matters. */
export function normaliseProfile(input: VolunteerProfile): VolunteerProfile {
  const skills = [...new Set(input.skills)].sort();
  const seen = new Set<string>();
  const trainings: Training[] = [];
  for (const t of input.trainings) {
    const key = `${t.attendedOn}|${t.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    trainings.push({ code: t.code, attendedOn: t.attendedOn });
  }
  trainings.sort((a, b) =>
    a.attendedOn === b.attendedOn ? a.code.localeCompare(b.code) : a.attendedOn.localeCompare(b.attendedOn),
  );
  return { skills, trainings };
}

/** Both normalised. */
export function sameProfile(a: VolunteerProfile, b: VolunteerProfile): boolean {
  return (
    a.skills.length === b.skills.length &&
    a.skills.every((s, i) => s === b.skills[i]) &&
    a.trainings.length === b.trainings.length &&
    a.trainings.every(
      (t, i) => t.code === b.trainings[i]?.code && t.attendedOn === b.trainings[i]?.attendedOn,
    )
  );
}

export type LogFacts = Pick<HoursLog, 'residentId' | 'activity' | 'servedOn' | 'minutes'>;

/** The same submission again (a retry) states the very same facts. */
export function sameLog(a: LogFacts, b: LogFacts): boolean {
  return (
    a.residentId === b.residentId &&
    a.activity === b.activity &&
    a.servedOn === b.servedOn &&
    a.minutes === b.minutes
  );
}

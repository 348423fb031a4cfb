/**
 * Service hours totals (seed 002), folded from a team's logs when read: per volunteer, per activity
 * and for the team. Pure: logs go in page by page, the totals come out.
 */
export interface Sum {
  minutes: number;
  logs: number;
}

export interface VolunteerTotal extends Sum {
  residentId: string;
}

export interface ActivityTotal extends Sum {
  activity: string;
}

export interface HoursTotals {
  team: Sum;
  /** Sorted by residentId. */
  volunteers: VolunteerTotal[];
  /** Sorted by activity code. */
  activities: ActivityTotal[];
}

export interface HoursTally {
  team: Sum;
  byVolunteer: Map<string, Sum>;
  byActivity: Map<string, Sum>;
}

type Countable = { residentId: string; activity: string; minutes: number };

export function emptyTally(): HoursTally {
  return { team: { minutes: 0, logs: 0 }, byVolunteer: new Map(), byActivity: new Map() };
}

function add(map: Map<string, Sum>, key: string, minutes: number): void {
  const sum = map.get(key);
  if (sum) {
    sum.minutes += minutes;
    sum.logs += 1;
  } else map.set(key, { minutes, logs: 1 });
}

/** Adds one page of logs (each log once: they are distinct documents) to the tally. */
export function addToTally(tally: HoursTally, logs: readonly Countable[]): HoursTally {
  for (const log of logs) {
    tally.team.minutes += log.minutes;
    tally.team.logs += 1;
    add(tally.byVolunteer, log.residentId, log.minutes);
    add(tally.byActivity, log.activity, log.minutes);
  }
  return tally;
}

/** The totals, with a zero line for each of `volunteerIds` who logged nothing yet. */
export function totalsOf(tally: HoursTally, volunteerIds: readonly string[] = []): HoursTotals {
  const ids = [...new Set([...volunteerIds, ...tally.byVolunteer.keys()])].sort();
  const activities = [...tally.byActivity.keys()].sort();
  return {
    team: { ...tally.team },
    volunteers: ids.map((residentId) => ({
      residentId,
      ...(tally.byVolunteer.get(residentId) ?? { minutes: 0, logs: 0 }),
    })),
    activities: activities.map((activity) => ({
      activity,
      ...(tally.byActivity.get(activity) ?? { minutes: 0, logs: 0 }),
    })),
  };
}

export function foldHours(logs: readonly Countable[], volunteerIds: readonly string[] = []): HoursTotals {
  return totalsOf(addToTally(emptyTally(), logs), volunteerIds);
}

import type { AnyEvent } from '#anlao/events';
import { PlanBuilder } from '../projection/projection-plan.js';
import { counterDelta, counterId, countedOf, parentOf, unitsOf } from './programme-counting.js';
import {
  emptyProgramme,
  foldProgramme,
  PROGRAMME_EVENTS,
  type ProgrammeEvent,
  type ProgrammeState,
} from './programme-state.js';

export const INTERVENTION_EVENTS = [...PROGRAMME_EVENTS, 'volunteer.hours-logged'] as const;
export type InterventionEvent = Extract<AnyEvent, { type: (typeof INTERVENTION_EVENTS)[number] }>;

export const Collections = {
  programmes: 'intervention_programmes',
  hoursLogs: 'intervention_hours_logs',
  counters: 'intervention_counters',
  outcomeLists: 'intervention_outcome_lists',
} as const;

/**
 * `intervention_hours_logs[teamId:logId]`: a log counted (its team's community, month, minutes).
 * A log is written once with fixed facts (interventions answers 409 to other facts under its id),
 * so the first one read stands and a redelivery finds it already counted.
 */
export interface HoursLogState {
  _id: string;
  teamId: string;
  providerId: string;
  path: string;
  month: string;
  minutes: number;
}

export interface StepKeys {
  programmeIds: Set<string>;
  logIds: Set<string>;
}

export interface StepState {
  programmes: Map<string, ProgrammeState>;
  logs: Map<string, HoursLogState>;
}

export interface StepContext {
  timeZone: string;
}

export const hoursLogId = (teamId: string, logId: string) => `${teamId}:${logId}`;

/**
 * The lists the outcomes report pages through by `_id` range (no other index): a programme with an
 * outcome is listed under each unit above its community and under its provider, for all themes and
 * for its own. `*` stands for all themes; ids sort after the prefix (`|` then the programme id).
 */
export const unitListPrefix = (unit: string, theme: string | undefined) => `u|${unit}|${theme ?? '*'}|`;
export const providerListPrefix = (providerId: string, theme: string | undefined) =>
  `p|${providerId}|${theme ?? '*'}|`;

function listEntries(state: ProgrammeState): string[] {
  const placed = state.registration ?? state.outcome;
  if (!placed || !state.outcome) return [];
  const themes = [undefined, placed.theme];
  return [
    ...unitsOf(placed.communityPath).flatMap((unit) => themes.map((t) => unitListPrefix(unit, t))),
    ...themes.map((t) => providerListPrefix(placed.providerId, t)),
  ].map((prefix) => `${prefix}${state._id}`);
}

const isProgrammeEvent = (e: InterventionEvent): e is ProgrammeEvent =>
  (PROGRAMME_EVENTS as readonly string[]).includes(e.type);

/** The documents a batch needs read before it is planned, by `_id` only. */
export function keysOf(events: readonly InterventionEvent[]): StepKeys {
  const keys: StepKeys = { programmeIds: new Set(), logIds: new Set() };
  for (const e of events)
    if (e.type === 'volunteer.hours-logged') keys.logIds.add(hoursLogId(e.payload.teamId, e.payload.logId));
    else keys.programmeIds.add(e.payload.programmeId);
  return keys;
}

const docOf = ({ _id, ...doc }: { _id: string } & Record<string, unknown>) => doc;

type HoursLogged = Extract<InterventionEvent, { type: 'volunteer.hours-logged' }>;

function planHours(event: HoursLogged, state: StepState, plan: PlanBuilder): void {
  const p = event.payload;
  const id = hoursLogId(p.teamId, p.logId);
  if (state.logs.has(id)) return;
  const log: HoursLogState = {
    _id: id,
    teamId: p.teamId,
    providerId: p.providerId,
    // The event is placed at the team's community (interventions sets it so).
    path: event.orgUnit,
    month: p.servedOn.slice(0, 7),
    minutes: p.minutes,
  };
  state.logs.set(id, log);
  plan.set(Collections.hoursLogs, id, docOf({ ...log }));
  for (const unit of unitsOf(log.path)) {
    const parent = parentOf(unit);
    plan.increment(
      Collections.counters,
      counterId(unit, log.month),
      { 'volunteers.minutes': log.minutes, 'volunteers.logs': 1 },
      { unit, month: log.month, parentMonth: parent === null ? null : counterId(parent, log.month) },
    );
  }
}

/**
 * Plans one batch: folds the events into the programmes read for it (`state`, changed in place),
 * recounts each programme touched and turns the difference between what it should count and what
 * it counted into counter increments; an hours log counts once. Pure: reading and writing are the
 * projector's.
 */
export function planInterventions(
  events: readonly InterventionEvent[],
  state: StepState,
  ctx: StepContext,
): PlanBuilder {
  const plan = new PlanBuilder();
  const touched = new Map<string, string>();
  for (const event of events) {
    if (!isProgrammeEvent(event)) {
      planHours(event, state, plan);
      continue;
    }
    const id = event.payload.programmeId;
    const current = state.programmes.get(id);
    if (!touched.has(id)) touched.set(id, JSON.stringify(current ?? null));
    state.programmes.set(id, foldProgramme(current ?? emptyProgramme(id), event));
  }
  for (const [id, stored] of touched) {
    const current = state.programmes.get(id);
    if (!current) continue;
    const after = countedOf(current, ctx.timeZone);
    for (const change of counterDelta(current.counted, after).values()) {
      const parent = parentOf(change.unit);
      plan.increment(Collections.counters, counterId(change.unit, change.month), change.inc, {
        unit: change.unit,
        month: change.month,
        parentMonth: parent === null ? null : counterId(parent, change.month),
      });
    }
    const next: ProgrammeState = { ...current, counted: after };
    state.programmes.set(id, next);
    // A redelivered event leaves the document as it was: nothing to write.
    if (JSON.stringify(next) === stored) continue;
    plan.set(Collections.programmes, id, docOf({ ...next }));
    for (const entry of listEntries(next)) plan.set(Collections.outcomeLists, entry, { programmeId: id });
  }
  return plan;
}

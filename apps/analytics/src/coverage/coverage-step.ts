import {
  foldProfile,
  PROFILE_EVENTS,
  type ProfileEvent,
  type ResidentProfile,
} from '../resident-profiles/resident-profile.js';
import { PlanBuilder } from '../projection/projection-plan.js';
import { restatedMonths, servicesOf } from './coverage-months.js';

export { monthsBetween, RESTATE_MONTHS } from './coverage-months.js';
export { COVERAGE_EVENTS, type CoverageEvent, type StepContext } from './coverage-events.js';
import { type CoverageEvent, type StepContext } from './coverage-events.js';
import {
  contributionOf,
  counterDelta,
  emptyMonth,
  residentMonthId,
  servedIn,
  withService,
  type ResidentMonth,
} from './resident-month.js';

export const Collections = {
  profiles: 'resident_profiles',
  months: 'resident_months',
  coverage: 'coverage',
  units: 'org_units',
} as const;

/** What a batch needs read before it is planned: profiles and elder-months, by `_id` only. */
export interface StepKeys {
  residentIds: Set<string>;
  monthIds: Set<string>;
}

export interface StepState {
  profiles: Map<string, ResidentProfile>;
  months: Map<string, ResidentMonth>;
}

const isProfileEvent = (e: CoverageEvent): e is ProfileEvent =>
  (PROFILE_EVENTS as readonly string[]).includes(e.type);

/** The elder-months each event touches (to read them before planning). */
export function keysOf(events: readonly CoverageEvent[], ctx: StepContext): StepKeys {
  const keys: StepKeys = { residentIds: new Set(), monthIds: new Set() };
  for (const event of events) {
    if (isProfileEvent(event)) {
      keys.residentIds.add(event.payload.residentId);
      for (const month of restatedMonths(event, ctx))
        keys.monthIds.add(residentMonthId(event.payload.residentId, month));
    }
    for (const { residentId, month } of servicesOf(event, ctx.timeZone)) {
      keys.residentIds.add(residentId);
      keys.monthIds.add(residentMonthId(residentId, month));
    }
  }
  return keys;
}

const parentOf = (path: string) => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null);

/**
 * Plans one batch: folds the events into the profiles and elder-months read for it (`state`, changed
 * in place), recounts every elder-month they touch and turns the differences into one increment per
 * unit-month counter. Pure: reading and writing are the projector's.
 */
export function planCoverage(
  events: readonly CoverageEvent[],
  state: StepState,
  ctx: StepContext,
): PlanBuilder {
  const plan = new PlanBuilder();
  const touched = new Map<string, { residentId: string; month: string }>();
  const changedProfiles = new Set<string>();
  const touch = (residentId: string, month: string) =>
    touched.set(residentMonthId(residentId, month), { residentId, month });
  for (const event of events) {
    if (event.type === 'org-unit.created') {
      const { path, code, name, level } = event.payload;
      plan.set(Collections.units, path, { code, name, level, parent: parentOf(path) });
      continue;
    }
    if (isProfileEvent(event)) {
      const id = event.payload.residentId;
      const next = foldProfile(state.profiles.get(id) ?? null, event);
      if (next) {
        state.profiles.set(id, next);
        changedProfiles.add(id);
      }
      for (const month of restatedMonths(event, ctx)) touch(id, month);
      continue;
    }
    for (const { residentId, month, service } of servicesOf(event, ctx.timeZone)) {
      const id = residentMonthId(residentId, month);
      state.months.set(id, withService(state.months.get(id) ?? emptyMonth(residentId, month), service));
      touch(residentId, month);
    }
  }
  recount(plan, state, touched.values(), changedProfiles, ctx);
  saveProfiles(plan, state, changedProfiles);
  return plan;
}

/**
 * Recounts elder-months: what each should count now against what it counted, the difference as one
 * increment per unit-month counter; an elder-month worth keeping is written back.
 */
function recount(
  plan: PlanBuilder,
  state: StepState,
  touched: Iterable<{ residentId: string; month: string }>,
  changedProfiles: Set<string>,
  ctx: StepContext,
): void {
  for (const { residentId, month } of touched) {
    const id = residentMonthId(residentId, month);
    const before = state.months.get(id);
    const current = before ?? emptyMonth(residentId, month);
    const profile = state.profiles.get(residentId) ?? null;
    const after = contributionOf(profile, current, ctx.currentMonth);
    for (const [unit, inc] of counterDelta(current.counted, after)) {
      const parent = parentOf(unit);
      plan.increment(Collections.coverage, `${unit}:${month}`, inc, {
        unit,
        month,
        parentMonth: parent === null ? null : `${parent}:${month}`,
      });
    }
    const next: ResidentMonth = { ...current, counted: after };
    const worthKeeping = before !== undefined || after.eligible || servedIn(next);
    if (worthKeeping) {
      state.months.set(id, next);
      const { _id, ...doc } = next;
      plan.set(Collections.months, _id, doc);
    }
    if (profile && next.lastServedAt !== null && (profile.lastServedAt ?? '') < next.lastServedAt) {
      state.profiles.set(residentId, { ...profile, lastServedAt: next.lastServedAt });
      changedProfiles.add(residentId);
    }
  }
}

function saveProfiles(plan: PlanBuilder, state: StepState, ids: Set<string>): void {
  for (const id of ids) {
    const profile = state.profiles.get(id);
    if (!profile) continue;
    const { _id, ...doc } = profile;
    plan.set(Collections.profiles, _id, doc);
  }
}

/**
 * Opens a month for elders (the monthly roll-over): each counts as eligible in it if a spell of
 * theirs reaches it, with no event needed. Recounting is idempotent, so a page done twice is harmless.
 */
export function planMonthOpening(
  residentIds: readonly string[],
  month: string,
  state: StepState,
  ctx: StepContext,
): PlanBuilder {
  const plan = new PlanBuilder();
  const changed = new Set<string>();
  recount(
    plan,
    state,
    residentIds.map((residentId) => ({ residentId, month })),
    changed,
    ctx,
  );
  saveProfiles(plan, state, changed);
  return plan;
}

import type { AnyEvent } from '#anlao/events';
import { localDay } from '#anlao/platform';
import { foldProfile, PROFILE_EVENTS, type ProfileEvent, type ResidentProfile } from '../resident-profiles/resident-profile.js';
import { PlanBuilder } from '../projection/projection-plan.js';
import {
  contributionOf,
  counterDelta,
  emptyMonth,
  residentMonthId,
  servedIn,
  withService,
  type MonthService,
  type ResidentMonth,
} from './resident-month.js';

export const COVERAGE_EVENTS = [
  ...PROFILE_EVENTS,
  'org-unit.created',
  'visit.recorded',
  'visit.voided',
  'service.delivered',
  'session.held',
] as const;
export type CoverageEvent = Extract<AnyEvent, { type: (typeof COVERAGE_EVENTS)[number] }>;

export const Collections = {
  profiles: 'resident_profiles',
  months: 'resident_months',
  coverage: 'coverage',
  units: 'org_units',
} as const;

/** How far back a change of a resident restates coverage (months, the current one included). */
export const RESTATE_MONTHS = 24;

export interface StepContext {
  timeZone: string;
  /** The city's current month (YYYY-MM): a change of a resident restates months up to it. */
  currentMonth: string;
}

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

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = (y ?? 0) * 12 + (m ?? 1) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to`, both included, at most RESTATE_MONTHS ending at `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const start = from < addMonths(to, 1 - RESTATE_MONTHS) ? addMonths(to, 1 - RESTATE_MONTHS) : from;
  const out: string[] = [];
  for (let m = start > to ? to : start; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The months a resident event restates: from the month it takes effect to the current one. */
function restatedMonths(event: ProfileEvent, ctx: StepContext): string[] {
  const effective =
    event.type === 'eligibility.assessed'
      ? event.payload.assessedOn
      : event.type === 'resident.died'
        ? event.payload.diedOn
        : localDay(event.occurredAt, ctx.timeZone);
  return monthsBetween(effective.slice(0, 7), ctx.currentMonth);
}

/** The services an event brings, each in the local month it happened in. */
function servicesOf(event: CoverageEvent, timeZone: string): { residentId: string; month: string; service: MonthService }[] {
  const monthOf = (instant: string) => localDay(instant, timeZone).slice(0, 7);
  switch (event.type) {
    case 'visit.recorded': {
      const p = event.payload;
      return [{ residentId: p.residentId, month: monthOf(p.checkInAt), service: { kind: 'visit', id: p.visitId, at: p.checkInAt } }];
    }
    case 'visit.voided': {
      const p = event.payload;
      return [{ residentId: p.residentId, month: monthOf(p.checkInAt), service: { kind: 'visit-voided', id: p.visitId } }];
    }
    case 'service.delivered': {
      const p = event.payload;
      return [
        { residentId: p.residentId, month: monthOf(p.deliveredAt), service: { kind: 'delivery', id: p.orderId, at: p.deliveredAt } },
      ];
    }
    case 'session.held': {
      const p = event.payload;
      const id = `${p.programmeId}:${p.sessionNo}`;
      return p.attendeeIds.map((residentId) => ({
        residentId,
        month: p.heldOn.slice(0, 7),
        service: { kind: 'session', id, at: p.heldOn } as const,
      }));
    }
    default:
      return [];
  }
}

/** The elder-months each event touches (to read them before planning). */
export function keysOf(events: readonly CoverageEvent[], ctx: StepContext): StepKeys {
  const keys: StepKeys = { residentIds: new Set(), monthIds: new Set() };
  for (const event of events) {
    if (isProfileEvent(event)) {
      keys.residentIds.add(event.payload.residentId);
      for (const month of restatedMonths(event, ctx)) keys.monthIds.add(residentMonthId(event.payload.residentId, month));
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
export function planCoverage(events: readonly CoverageEvent[], state: StepState, ctx: StepContext): PlanBuilder {
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
  for (const [id, { residentId, month }] of touched) {
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
  for (const id of changedProfiles) {
    const profile = state.profiles.get(id);
    if (!profile) continue;
    const { _id, ...doc } = profile;
    plan.set(Collections.profiles, _id, doc);
  }
  return plan;
}

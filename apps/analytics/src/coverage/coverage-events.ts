import type { AnyEvent } from '#anlao/events';
import { PROFILE_EVENTS } from '../resident-profiles/resident-profile.js';

/** What coverage is counted from, in the order its consumer subscribes. */
export const COVERAGE_EVENTS = [
  'org-unit.created',
  ...PROFILE_EVENTS,
  'visit.recorded',
  'visit.voided',
  'service.delivered',
  'session.held',
] as const;
export type CoverageEvent = Extract<AnyEvent, { type: (typeof COVERAGE_EVENTS)[number] }>;

export interface StepContext {
  timeZone: string;
  /** The city's current month (YYYY-MM): a change of a resident restates months up to it. */
  currentMonth: string;
}

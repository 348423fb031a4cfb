import { localDay } from '#anlao/platform';
import { isWithdrawn, placementOf, type Counted, type ProgrammeState } from './programme-state.js';

/**
 * The counter fields of a slice (`all`, a theme, a theory). Flows land in the month they happened
 * (city-local): programmes registered, started (→ running), completed, cancelled; members enrolled
 * (once, in the month of their first enrolment) and withdrawn (those withdrawn now, in the month of
 * their last withdrawal); sessions held, their attendances and places (members enrolled then), and
 * `active` (1 per month with a session: programme-months). The outcome's figures land in the month
 * the programme completed (the month of the submission while its completion is not known):
 * `outcomes`, `outcomeMembers`, `completing`, `dimensions` and `improved` (mean change above zero
 * with a paired t-test p < 0.05).
 */
export const FIGURES = [
  'registered',
  'started',
  'active',
  'completed',
  'cancelled',
  'enrolled',
  'withdrawn',
  'sessions',
  'attendances',
  'places',
  'outcomes',
  'outcomeMembers',
  'completing',
  'dimensions',
  'improved',
] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Partial<Record<Figure, number>>;

/** Figures that count people: suppressed when small. */
export const PEOPLE_FIGURES: readonly Figure[] = ['enrolled', 'withdrawn', 'outcomeMembers', 'completing'];

export const SIGNIFICANCE = 0.05;

/** The org units a path counts in: the city, its district, street and the community itself. */
export function unitsOf(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** A unit as reports name it (names from `org-unit.created`, when analytics has read it). */
export interface UnitName {
  path: string;
  name: string | null;
  level: string | null;
}

export const isImproved = (d: { meanChange: number | null; tTestP: number | null }) =>
  d.meanChange !== null && d.meanChange > 0 && d.tTestP !== null && d.tTestP < SIGNIFICANCE;

export const monthOfInstant = (instant: string, timeZone: string) => localDay(instant, timeZone).slice(0, 7);

export function slicesOf(theme: string, theories: readonly string[]): string[] {
  return ['all', `theme.${theme}`, ...[...new Set(theories)].sort().map((t) => `theory.${t}`)];
}

/** What the counters should hold for a programme now; null while nothing places it. */
export function countedOf(state: ProgrammeState, timeZone: string): Counted | null {
  const placement = placementOf(state);
  if (!placement) return null;
  const months: Record<string, Record<string, number>> = {};
  const add = (month: string, figure: Figure, n = 1) => {
    if (n === 0) return;
    const m = (months[month] ??= {});
    m[figure] = (m[figure] ?? 0) + n;
  };
  const at = (instant: string) => monthOfInstant(instant, timeZone);
  if (state.registration) add(at(state.registration.registeredAt), 'registered');
  const { running, completed, cancelled } = state.statusAt;
  if (running) add(at(running), 'started');
  if (completed) add(at(completed), 'completed');
  if (cancelled) add(at(cancelled), 'cancelled');
  for (const m of state.members) {
    if (m.firstEnrolledAt) add(at(m.firstEnrolledAt), 'enrolled');
    if (isWithdrawn(m) && m.withdrawnAt) add(at(m.withdrawnAt), 'withdrawn');
  }
  const sessionMonths = new Set<string>();
  for (const s of state.sessions) {
    const month = s.heldOn.slice(0, 7);
    sessionMonths.add(month);
    add(month, 'sessions');
    add(month, 'attendances', s.attendees);
    add(month, 'places', s.enrolled);
  }
  for (const month of sessionMonths) add(month, 'active');
  const o = state.outcome;
  if (o) {
    const month = at(completed ?? o.submittedAt);
    add(month, 'outcomes');
    add(month, 'outcomeMembers', o.members);
    add(month, 'completing', o.completing);
    add(month, 'dimensions', o.dimensions.filter((d) => d.n > 0).length);
    add(month, 'improved', o.dimensions.filter(isImproved).length);
  }
  return { path: placement.communityPath, slices: slicesOf(placement.theme, placement.theories), months };
}

export interface CounterChange {
  unit: string;
  month: string;
  inc: Record<string, number>;
}

export const counterId = (unit: string, month: string) => `${unit}:${month}`;
export const parentOf = (path: string) => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null);

/**
 * Per unit-month counter, what must change when a programme goes from counting `before` to
 * counting `after` (both at every unit above its community, in every slice); zeros dropped.
 */
export function counterDelta(before: Counted | null, after: Counted | null): Map<string, CounterChange> {
  const out = new Map<string, CounterChange>();
  const add = (c: Counted | null, sign: 1 | -1) => {
    if (!c) return;
    for (const unit of unitsOf(c.path))
      for (const [month, figures] of Object.entries(c.months)) {
        const id = counterId(unit, month);
        const change = out.get(id) ?? { unit, month, inc: {} };
        for (const slice of c.slices)
          for (const [figure, n] of Object.entries(figures)) {
            const field = `${slice}.${figure}`;
            change.inc[field] = (change.inc[field] ?? 0) + sign * n;
          }
        out.set(id, change);
      }
  };
  add(before, -1);
  add(after, 1);
  for (const [id, change] of out) {
    for (const [field, n] of Object.entries(change.inc)) if (n === 0) delete change.inc[field];
    if (Object.keys(change.inc).length === 0) out.delete(id);
  }
  return out;
}

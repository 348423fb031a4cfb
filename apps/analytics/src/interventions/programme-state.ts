import type { AnyEvent, InterventionTheory, PayloadOf, ProgrammeStatus } from '#anlao/events';

/** Where a programme counts and under which theme and theories (from its registration or its outcome). */
export interface Placement {
  providerId: string;
  communityPath: string;
  theme: string;
  theories: InterventionTheory[];
}

export interface Registration extends Placement {
  contractId: string | null;
  targetGroups: PayloadOf<'programme.registered'>['targetGroups'];
  plannedSessions: number;
  minSessionsAttended: number;
  instrument: string;
  /** The registration's instant (its event's `occurredAt`). */
  registeredAt: string;
}

/**
 * One membership. Instants are the events' `occurredAt`: a member may withdraw and enrol again, so
 * the latest enrolment and the latest withdrawal decide, and a redelivered older event changes nothing.
 */
export interface MemberState {
  residentId: string;
  firstEnrolledAt: string | null;
  enrolledAt: string | null;
  withdrawnAt: string | null;
}

export interface SessionState {
  sessionNo: number;
  heldOn: string;
  attendees: number;
  /** Members enrolled when it was held (the places it offered). */
  enrolled: number;
}

/** The latest submitted outcome (aggregate figures only, as the event carries them). */
export type OutcomeFigures = Omit<PayloadOf<'outcome.submitted'>, 'programmeId'>;
export interface OutcomeState extends OutcomeFigures {
  /** The submission's instant: a later one replaces it, an older or equal one changes nothing. */
  submittedAt: string;
}

/** What a programme's counters hold for it: per month, field → amount, at every unit of `path`. */
export interface Counted {
  path: string;
  /** `all`, `theme.<code>`, `theory.<theory>`. */
  slices: string[];
  months: Record<string, Record<string, number>>;
}

/** `intervention_programmes[programmeId]`: the facts read from the events and what they counted. */
export interface ProgrammeState {
  _id: string;
  registration: Registration | null;
  /** Known from any of its events (an outcome may place a programme whose registration is late). */
  providerId: string | null;
  status: ProgrammeStatus;
  /** The first instant each status was reached. */
  statusAt: Partial<Record<ProgrammeStatus, string>>;
  members: MemberState[];
  sessions: SessionState[];
  outcome: OutcomeState | null;
  counted: Counted | null;
}

export const PROGRAMME_EVENTS = [
  'programme.registered',
  'programme.status-changed',
  'member.enrolled',
  'member.withdrawn',
  'session.held',
  'outcome.submitted',
] as const;
export type ProgrammeEvent = Extract<AnyEvent, { type: (typeof PROGRAMME_EVENTS)[number] }>;

export function emptyProgramme(programmeId: string): ProgrammeState {
  return {
    _id: programmeId,
    registration: null,
    providerId: null,
    status: 'planned',
    statusAt: {},
    members: [],
    sessions: [],
    outcome: null,
    counted: null,
  };
}

// A status never goes back: a redelivered `running` after `completed` leaves it completed.
const RANK: Record<ProgrammeStatus, number> = { planned: 0, running: 1, completed: 2, cancelled: 2 };

const earliest = (a: string | null | undefined, b: string) => (a && a <= b ? a : b);
const latest = (a: string | null | undefined, b: string) => (a && a >= b ? a : b);

export const isEnrolled = (m: MemberState) =>
  m.enrolledAt !== null && (m.withdrawnAt === null || m.enrolledAt > m.withdrawnAt);
export const isWithdrawn = (m: MemberState) => m.withdrawnAt !== null && !isEnrolled(m);

function withMember(
  state: ProgrammeState,
  residentId: string,
  change: (m: MemberState) => MemberState,
): MemberState[] {
  const found = state.members.find((m) => m.residentId === residentId);
  const current = found ?? { residentId, firstEnrolledAt: null, enrolledAt: null, withdrawnAt: null };
  const next = change(current);
  if (found) return state.members.map((m) => (m === found ? next : m));
  return [...state.members, next];
}

/** Where the programme counts: its registration, else its outcome (which repeats the same facts). */
export function placementOf(state: ProgrammeState): Placement | null {
  const source = state.registration ?? state.outcome;
  if (!source) return null;
  const { providerId, communityPath, theme, theories } = source;
  return { providerId, communityPath, theme, theories };
}

/**
 * Folds one event into a programme's facts. Idempotent: the same event again (or an older one
 * redelivered after a newer) leaves the facts as they are.
 */
export function foldProgramme(state: ProgrammeState, event: ProgrammeEvent): ProgrammeState {
  const at = event.occurredAt;
  const providerId = event.payload.providerId;
  const s: ProgrammeState = { ...state, providerId };
  switch (event.type) {
    case 'programme.registered': {
      const { programmeId: _, facilitatorWorkerId: __, ...facts } = event.payload;
      return {
        ...s,
        registration: { ...facts, registeredAt: earliest(state.registration?.registeredAt, at) },
      };
    }
    case 'programme.status-changed': {
      const to = event.payload.to;
      const statusAt = { ...state.statusAt, [to]: earliest(state.statusAt[to], at) };
      return { ...s, statusAt, status: RANK[to] >= RANK[state.status] ? to : state.status };
    }
    case 'member.enrolled':
      return {
        ...s,
        members: withMember(state, event.payload.residentId, (m) => ({
          ...m,
          firstEnrolledAt: earliest(m.firstEnrolledAt, at),
          enrolledAt: latest(m.enrolledAt, at),
        })),
      };
    case 'member.withdrawn':
      return {
        ...s,
        members: withMember(state, event.payload.residentId, (m) => ({
          ...m,
          withdrawnAt: latest(m.withdrawnAt, at),
        })),
      };
    case 'session.held': {
      const p = event.payload;
      const session = {
        sessionNo: p.sessionNo,
        heldOn: p.heldOn,
        attendees: new Set(p.attendeeIds).size,
        enrolled: p.enrolled,
      };
      const others = state.sessions.filter((x) => x.sessionNo !== p.sessionNo);
      return { ...s, sessions: [...others, session].sort((a, b) => a.sessionNo - b.sessionNo) };
    }
    case 'outcome.submitted': {
      if (state.outcome && state.outcome.submittedAt >= at) return state;
      const { programmeId: _, ...figures } = event.payload;
      return { ...s, outcome: { ...figures, submittedAt: at } };
    }
  }
}

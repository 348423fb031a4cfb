import { createEvent, type PayloadOf } from '#anlao/events';
import type { ProjectionPlan } from '../projection/projection-plan.js';
import {
  Collections,
  keysOf,
  planInterventions,
  type InterventionEvent,
  type StepState,
} from './interventions-step.js';
import type { ProgrammeState } from './programme-state.js';

const TZ = 'Asia/Shanghai';
const STREET = '2101.210102.210102001';
const PATH = `${STREET}.210102001001`;

const at = (day: string) => new Date(`${day}T02:00:00.000Z`);
const base = (subject: string, day: string) => ({
  source: 'interventions',
  subject,
  orgUnit: PATH,
  correlationId: 'step-test',
  occurredAt: at(day),
});

const registered = (programmeId: string, day: string) =>
  createEvent({
    ...base(programmeId, day),
    type: 'programme.registered',
    payload: {
      programmeId,
      providerId: 'p-1',
      contractId: null,
      communityPath: PATH,
      theme: 'smartphone-use',
      theories: ['empowerment', 'social-support'],
      targetGroups: { eligibilityCategories: [], priorityGroups: ['rural-hukou'] },
      plannedSessions: 6,
      facilitatorWorkerId: 'w-1',
      instrument: 'smartphone-adaptation@1',
      minSessionsAttended: 5,
    },
  });
const status = (programmeId: string, from: 'planned' | 'running', to: 'running' | 'completed', day: string) =>
  createEvent({
    ...base(programmeId, day),
    type: 'programme.status-changed',
    payload: { programmeId, providerId: 'p-1', from, to },
  });
const enrolled = (programmeId: string, residentId: string, day: string) =>
  createEvent({
    ...base(`${programmeId}:${residentId}`, day),
    type: 'member.enrolled',
    payload: { programmeId, providerId: 'p-1', residentId, communityPath: PATH },
  });
const withdrawn = (programmeId: string, residentId: string, day: string) =>
  createEvent({
    ...base(`${programmeId}:${residentId}`, day),
    type: 'member.withdrawn',
    payload: { programmeId, providerId: 'p-1', residentId, reason: 'ill-health' },
  });
const session = (programmeId: string, sessionNo: number, heldOn: string, attendeeIds: string[]) =>
  createEvent({
    ...base(`${programmeId}:${sessionNo}`, heldOn),
    type: 'session.held',
    payload: {
      programmeId,
      providerId: 'p-1',
      sessionNo,
      heldOn,
      facilitatorWorkerId: 'w-1',
      attendeeIds,
      enrolled: 10,
    },
  });
const outcome = (programmeId: string, day: string, completing: number): InterventionEvent => {
  const payload: PayloadOf<'outcome.submitted'> = {
    programmeId,
    providerId: 'p-1',
    communityPath: PATH,
    theme: 'smartphone-use',
    theories: ['empowerment', 'social-support'],
    instrument: 'smartphone-adaptation@1',
    members: 10,
    completing,
    paired: 9,
    leftOut: { postWithoutPre: 0, preWithoutPost: 0, withdrawn: 1 },
    dimensions: [
      {
        code: 'internet-adaptation',
        n: 9,
        preMean: 2.4,
        postMean: 3.1,
        meanChange: 0.7,
        ciLow: 0.3,
        ciHigh: 1.1,
        t: 4.1,
        df: 8,
        tTestP: 0.003,
        wilcoxonStatistic: 0,
        wilcoxonP: 0.004,
        wilcoxonMethod: 'exact',
        cohensDz: 1.4,
        preBand: 'qualified',
        postBand: 'good',
      },
    ],
  };
  return createEvent({ ...base(programmeId, day), type: 'outcome.submitted', payload });
};
const hours = (logId: string, servedOn: string, minutes: number) =>
  createEvent({
    ...base(`t-1:${logId}`, servedOn),
    type: 'volunteer.hours-logged',
    payload: {
      teamId: 't-1',
      providerId: 'p-1',
      residentId: 'r-1',
      logId,
      activity: 'visiting',
      servedOn,
      minutes,
    },
  });

/** An in-memory store applying plans as `ProjectionWriter` does (sets replace, increments add). */
class Store {
  readonly docs = new Map<string, Record<string, unknown>>();
  readonly counters = new Map<string, Record<string, number>>();
  steps = 0;

  run(events: readonly InterventionEvent[]): ProjectionPlan {
    const keys = keysOf(events);
    const state: StepState = { programmes: new Map(), logs: new Map() };
    for (const id of keys.programmeIds) {
      const doc = this.docs.get(`${Collections.programmes}/${id}`);
      if (doc) state.programmes.set(id, structuredClone({ _id: id, ...doc }) as unknown as ProgrammeState);
    }
    for (const id of keys.logIds) {
      const doc = this.docs.get(`${Collections.hoursLogs}/${id}`);
      if (doc) state.logs.set(id, { _id: id, ...doc } as never);
    }
    const plan = planInterventions(events, state, { timeZone: TZ }).build();
    for (const s of plan.sets) this.docs.set(`${s.collection}/${s._id}`, structuredClone(s.doc));
    for (const i of plan.increments) {
      const c = this.counters.get(i._id) ?? {};
      for (const [field, n] of Object.entries(i.inc)) c[field] = (c[field] ?? 0) + n;
      this.counters.set(i._id, c);
    }
    this.steps += 1;
    return plan;
  }

  field(id: string, field: string): number {
    return this.counters.get(id)?.[field] ?? 0;
  }
}

const members = Array.from({ length: 10 }, (_, i) => `r-${i}`);
const story = (): InterventionEvent[] => [
  registered('pg-1', '2026-03-02'),
  status('pg-1', 'planned', 'running', '2026-03-03'),
  ...members.map((r) => enrolled('pg-1', r, '2026-03-04')),
  session('pg-1', 1, '2026-03-10', members.slice(0, 9)),
  session('pg-1', 2, '2026-03-17', members.slice(0, 8)),
  withdrawn('pg-1', 'r-9', '2026-04-01'),
  session('pg-1', 3, '2026-04-07', members.slice(0, 9)),
  status('pg-1', 'running', 'completed', '2026-04-28'),
  outcome('pg-1', '2026-04-29', 8),
  hours('l-1', '2026-03-20', 90),
  hours('l-2', '2026-04-20', 120),
];

describe('interventions step', () => {
  it('counts a programme at every unit above its community, per month and slice', () => {
    const store = new Store();
    store.run(story());
    const march = `${STREET}:2026-03`;
    const april = `${STREET}:2026-04`;
    expect(store.field(march, 'all.registered')).toBe(1);
    expect(store.field(march, 'all.started')).toBe(1);
    expect(store.field(march, 'all.enrolled')).toBe(10);
    expect(store.field(march, 'all.sessions')).toBe(2);
    expect(store.field(march, 'all.attendances')).toBe(17);
    expect(store.field(march, 'all.active')).toBe(1);
    expect(store.field(april, 'all.withdrawn')).toBe(1);
    expect(store.field(april, 'all.attendances')).toBe(9);
    expect(store.field(april, 'all.completed')).toBe(1);
    expect(store.field(april, 'all.outcomes')).toBe(1);
    expect(store.field(april, 'all.completing')).toBe(8);
    expect(store.field(april, 'all.improved')).toBe(1);
    expect(store.field(april, 'theme.smartphone-use.completing')).toBe(8);
    expect(store.field(april, 'theory.empowerment.completing')).toBe(8);
    expect(store.field(april, 'theory.social-capital.completing')).toBe(0);
    expect(store.field(march, 'volunteers.minutes')).toBe(90);
    for (const unit of ['2101', '2101.210102', STREET, PATH])
      expect(store.field(`${unit}:2026-04`, 'volunteers.minutes')).toBe(120);
  });

  it('changes nothing when every event is read again, one by one or all at once', () => {
    const store = new Store();
    store.run(story());
    const before = structuredClone([...store.counters]);
    for (const event of story().slice(0, 3)) expect(store.run([event]).increments).toEqual([]);
    const again = store.run(story());
    expect(again.increments).toEqual([]);
    expect(again.sets).toEqual([]);
    expect([...store.counters]).toEqual(before);
  });

  it('counts the same whatever order the partitions deliver in', () => {
    const inOrder = new Store();
    inOrder.run(story());
    const shuffled = new Store();
    // Newest first, one event per step: sessions and members before the programme is registered.
    for (const event of story().reverse()) shuffled.run([event]);
    const strip = (m: Map<string, Record<string, number>>) =>
      Object.fromEntries(
        [...m].map(([id, c]) => [id, Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0))]),
      );
    expect(strip(shuffled.counters)).toEqual(strip(inOrder.counters));
  });

  it('replaces the outcome with a later submission only, moving its counts', () => {
    const store = new Store();
    store.run(story());
    const april = `${STREET}:2026-04`;
    store.run([outcome('pg-1', '2026-05-02', 9)]);
    expect(store.field(april, 'all.completing')).toBe(9);
    expect(store.field(april, 'all.outcomes')).toBe(1);
    // Older, and the same instant again: nothing changes.
    expect(store.run([outcome('pg-1', '2026-04-30', 7)]).increments).toEqual([]);
    expect(store.run([outcome('pg-1', '2026-05-02', 5)]).increments).toEqual([]);
    expect(store.field(april, 'all.completing')).toBe(9);
  });

  it('takes back a withdrawal when the member enrols again, and counts the member once', () => {
    const store = new Store();
    store.run(story());
    store.run([enrolled('pg-1', 'r-9', '2026-04-10')]);
    expect(store.field(`${STREET}:2026-04`, 'all.withdrawn')).toBe(0);
    expect(store.field(`${STREET}:2026-03`, 'all.enrolled')).toBe(10);
    expect(store.field(`${STREET}:2026-04`, 'all.enrolled')).toBe(0);
  });

  it('lists a programme with an outcome under each unit and its provider, for all themes and its own', () => {
    const store = new Store();
    store.run(story());
    const lists = [...store.docs.keys()].filter((k) => k.startsWith(Collections.outcomeLists)).sort();
    expect(lists).toHaveLength(10);
    expect(lists).toContain(`${Collections.outcomeLists}/u|${STREET}|smartphone-use|pg-1`);
    expect(lists).toContain(`${Collections.outcomeLists}/p|p-1|*|pg-1`);
  });
});

import { createEvent } from '#anlao/events';
import type { ProjectionPlan } from '../projection/projection-plan.js';
import {
  keysOf,
  monthsBetween,
  planCoverage,
  type CoverageEvent,
  type StepContext,
  type StepState,
} from './coverage-step.js';
import type { ResidentMonth } from './resident-month.js';

const HEPING = '2101.210102.210102001.210102001001';
const OTHER = '2101.210102.210102001.210102001002';
const ctx: StepContext = { timeZone: 'Asia/Shanghai', currentMonth: '2026-11' };
const base = { orgUnit: HEPING, correlationId: 'c' };

const registered = (
  residentId: string,
  path = HEPING,
  livingArrangement: 'alone' | 'with-children' = 'alone',
) =>
  createEvent({
    ...base,
    source: 'residents',
    subject: residentId,
    type: 'resident.registered',
    occurredAt: new Date('2026-11-02T02:00:00.000Z'),
    payload: {
      residentId,
      communityPath: path,
      sex: 'female',
      birthYearMonth: '1950-01',
      hukou: 'urban',
      livingArrangement,
      familyStatus: 'ordinary',
      economicStatus: 'dibao',
      selfCare: 'independent',
    },
  }) as CoverageEvent;
const assessed = (residentId: string, categories: string[], assessedOn: string, path = HEPING) =>
  createEvent({
    ...base,
    source: 'residents',
    subject: residentId,
    type: 'eligibility.assessed',
    payload: {
      residentId,
      communityPath: path,
      categories,
      previousCategories: [],
      ruleSetVersion: '1',
      assessedOn,
      trigger: 'registered',
    },
  }) as CoverageEvent;
const visit = (visitId: string, residentId: string, checkInAt: string) =>
  createEvent({
    ...base,
    source: 'centres',
    subject: visitId,
    type: 'visit.recorded',
    payload: { visitId, centreId: 'c-1', residentId, activity: 'meal', checkInAt, checkOutAt: null },
  }) as CoverageEvent;
const voided = (visitId: string, residentId: string, checkInAt: string) =>
  createEvent({
    ...base,
    source: 'centres',
    subject: visitId,
    type: 'visit.voided',
    payload: { visitId, centreId: 'c-1', residentId, activity: 'meal', checkInAt, reason: 'not-attended' },
  }) as CoverageEvent;
const moved = (residentId: string, fromPath: string, toPath: string) =>
  createEvent({
    ...base,
    source: 'residents',
    subject: residentId,
    type: 'resident.moved',
    occurredAt: new Date('2026-11-10T02:00:00.000Z'),
    payload: { residentId, fromPath, toPath },
  }) as CoverageEvent;

/** Plans batches one after another, carrying the written state over as the store would. */
class Store {
  profiles = new Map<string, StepState['profiles'] extends Map<string, infer P> ? P : never>();
  months = new Map<string, ResidentMonth>();
  counters = new Map<string, Record<string, number>>();

  step(events: CoverageEvent[]): ProjectionPlan {
    const keys = keysOf(events, ctx);
    const state: StepState = { profiles: new Map(), months: new Map() };
    for (const id of keys.residentIds) {
      const p = this.profiles.get(id);
      if (p) state.profiles.set(id, structuredClone(p));
    }
    for (const id of keys.monthIds) {
      const m = this.months.get(id);
      if (m) state.months.set(id, structuredClone(m));
    }
    const plan = planCoverage(events, state, ctx).build();
    for (const s of plan.sets) {
      if (s.collection === 'resident_profiles') this.profiles.set(s._id, { _id: s._id, ...s.doc } as never);
      if (s.collection === 'resident_months') this.months.set(s._id, { _id: s._id, ...s.doc } as never);
    }
    for (const i of plan.increments) {
      const c = this.counters.get(i._id) ?? {};
      for (const [f, n] of Object.entries(i.inc)) c[f] = (c[f] ?? 0) + n;
      this.counters.set(i._id, c);
    }
    return plan;
  }

  count(unit: string, month: string, field: string): number {
    return this.counters.get(`${unit}:${month}`)?.[field] ?? 0;
  }
}

describe('coverage planning', () => {
  it('counts an eligible elder once per month in every unit above the community, however often served', () => {
    const store = new Store();
    store.step([registered('r-1'), assessed('r-1', ['low-income'], '2026-11-02')]);
    store.step([
      visit('v1', 'r-1', '2026-11-03T01:00:00.000Z'),
      visit('v2', 'r-1', '2026-11-04T01:00:00.000Z'),
    ]);
    for (const unit of ['2101', '2101.210102', '2101.210102.210102001', HEPING]) {
      expect(store.count(unit, '2026-11', 'eligible.all')).toBe(1);
      expect(store.count(unit, '2026-11', 'served.all')).toBe(1);
      expect(store.count(unit, '2026-11', 'served.living-alone')).toBe(1);
      expect(store.count(unit, '2026-11', 'served.low-income')).toBe(1);
      expect(store.count(unit, '2026-11', 'services.visits')).toBe(2);
    }
  });

  it('plans nothing for a batch read again (a redelivery)', () => {
    const store = new Store();
    const batch = [
      registered('r-1'),
      assessed('r-1', ['low-income'], '2026-11-02'),
      visit('v1', 'r-1', '2026-11-03T01:00:00.000Z'),
    ];
    store.step(batch);
    const again = store.step(batch);
    expect(again.increments).toEqual([]);
    expect(store.count('2101', '2026-11', 'served.all')).toBe(1);
  });

  it('counts a service before the elder is known once the profile arrives, in the month it happened', () => {
    const store = new Store();
    store.step([visit('v1', 'r-1', '2026-10-20T01:00:00.000Z')]);
    expect(store.count('2101', '2026-10', 'reached')).toBe(0);
    store.step([registered('r-1'), assessed('r-1', ['low-income'], '2026-10-01')]);
    expect(store.count('2101', '2026-10', 'eligible.all')).toBe(1);
    expect(store.count('2101', '2026-10', 'served.all')).toBe(1);
    expect(store.count('2101', '2026-11', 'eligible.all')).toBe(1);
    expect(store.count('2101', '2026-11', 'served.all')).toBe(0);
    expect(store.profiles.get('r-1')?.lastServedAt).toBe('2026-10-20T01:00:00.000Z');
  });

  it('takes a voided visit back: an elder whose only visit was voided is no longer served', () => {
    const store = new Store();
    store.step([
      registered('r-1'),
      assessed('r-1', ['low-income'], '2026-11-02'),
      visit('v1', 'r-1', '2026-11-03T01:00:00.000Z'),
    ]);
    store.step([voided('v1', 'r-1', '2026-11-03T01:00:00.000Z')]);
    expect(store.count(HEPING, '2026-11', 'served.all')).toBe(0);
    expect(store.count(HEPING, '2026-11', 'eligible.all')).toBe(1);
    expect(store.count(HEPING, '2026-11', 'services.visits')).toBe(0);
    // The recording read again after its void stays out.
    store.step([visit('v1', 'r-1', '2026-11-03T01:00:00.000Z')]);
    expect(store.count(HEPING, '2026-11', 'served.all')).toBe(0);
  });

  it('lands a late visit in its own month and restates only that month', () => {
    const store = new Store();
    store.step([registered('r-1'), assessed('r-1', ['low-income'], '2026-09-01')]);
    expect(store.count('2101', '2026-09', 'eligible.all')).toBe(1);
    const plan = store.step([visit('v-late', 'r-1', '2026-09-30T17:00:00.000Z')]); // Oct 1 in Shanghai
    expect(plan.increments.map((i) => i._id).every((id) => id.endsWith(':2026-10'))).toBe(true);
    expect(store.count('2101', '2026-10', 'served.all')).toBe(1);
    expect(store.count('2101', '2026-09', 'served.all')).toBe(0);
  });

  it('counts a service where the elder lived that day: a move after it leaves the month where it was', () => {
    const store = new Store();
    store.step([
      registered('r-1'),
      assessed('r-1', ['low-income'], '2026-11-02'),
      visit('v1', 'r-1', '2026-11-03T01:00:00.000Z'),
    ]);
    store.step([moved('r-1', HEPING, OTHER)]);
    expect(store.count(HEPING, '2026-11', 'served.all')).toBe(1);
    expect(store.count(OTHER, '2026-11', 'eligible.all')).toBe(0);
    // Not served yet this month: the elder counts where they live now.
    const other = new Store();
    other.step([registered('r-2'), assessed('r-2', ['low-income'], '2026-11-02')]);
    other.step([moved('r-2', HEPING, OTHER)]);
    expect(other.count(HEPING, '2026-11', 'eligible.all')).toBe(0);
    expect(other.count(OTHER, '2026-11', 'eligible.all')).toBe(1);
    expect(other.count('2101', '2026-11', 'eligible.all')).toBe(1);
  });

  it('restates the months an assessment reaches back to, up to the current month', () => {
    expect(monthsBetween('2026-09', '2026-11')).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(monthsBetween('2020-01', '2026-11')).toHaveLength(24);
    expect(monthsBetween('2027-01', '2026-11')).toEqual(['2026-11']);
    const store = new Store();
    store.step([registered('r-1', HEPING, 'with-children'), assessed('r-1', ['low-income'], '2026-09-15')]);
    expect(
      ['2026-08', '2026-09', '2026-10', '2026-11'].map((m) => store.count('2101', m, 'eligible.all')),
    ).toEqual([0, 1, 1, 1]);
    expect(store.count('2101', '2026-11', 'eligible.living-alone')).toBe(0);
    // Eligibility ends in October: November no longer counts, September and October still do.
    store.step([assessed('r-1', [], '2026-10-20')]);
    expect(['2026-09', '2026-10', '2026-11'].map((m) => store.count('2101', m, 'eligible.all'))).toEqual([
      1, 1, 0,
    ]);
  });

  it('keeps org units for names and levels', () => {
    const plan = planCoverage(
      [
        createEvent({
          ...base,
          source: 'residents',
          subject: '2101.210102',
          type: 'org-unit.created',
          payload: {
            code: '210102',
            name: 'Heping',
            level: 'district',
            parentCode: '2101',
            path: '2101.210102',
          },
        }),
      ],
      { profiles: new Map(), months: new Map() },
      ctx,
    ).build();
    expect(plan.sets).toEqual([
      {
        collection: 'org_units',
        _id: '2101.210102',
        doc: { code: '210102', name: 'Heping', level: 'district', parent: '2101' },
      },
    ]);
  });
});

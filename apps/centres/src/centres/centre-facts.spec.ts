import type { Centre } from './centre.schema.js';
import {
  applyPatch,
  assertActive,
  changedFacts,
  changesPayload,
  factsOf,
  normalizeFacts,
  sameCentre,
  updatedPayload,
} from './centre-facts.js';

const PATH = '2101.210102.210102001.210102001001';
const registered: Centre = {
  _id: 'c-1',
  ...normalizeFacts({
    name: 'Centre',
    kind: 'day-care',
    communityPath: PATH,
    capacity: 40,
    operatorId: 'org-1',
    activities: ['recreation', 'meal'],
    openingHours: { mon: [{ from: '08:00', to: '17:30' }] },
    location: { lat: 41.8, lon: 123.4 },
  }),
  status: 'active',
  revision: 1,
};

describe('normalizeFacts', () => {
  it('gives absent optional fields their defaults and lists activities in the catalog order', () => {
    expect(normalizeFacts({ name: 'C', kind: 'canteen', communityPath: PATH, capacity: 0 })).toEqual({
      name: 'C',
      kind: 'canteen',
      communityPath: PATH,
      capacity: 0,
      communityOnly: false,
      operatorId: null,
      openingHours: null,
      activities: [],
      location: null,
    });
    expect(registered.activities).toEqual(['meal', 'recreation']);
  });
});

describe('sameCentre', () => {
  it('takes the same registration, sent in another order, as the same', () => {
    const again: Centre = {
      _id: 'c-1',
      ...normalizeFacts({ ...factsOf(registered), activities: ['meal', 'recreation'] }),
    };
    expect(sameCentre(registered, again)).toBe(true);
  });
  it.each([
    ['name', { name: 'Other' }],
    ['kind', { kind: 'canteen' as const }],
    ['communityPath', { communityPath: '2101.210102.210102001' }],
    ['capacity', { capacity: 41 }],
    ['communityOnly', { communityOnly: true }],
    ['operatorId', { operatorId: null }],
    ['openingHours', { openingHours: null }],
    ['activities', { activities: ['meal' as const] }],
    ['location', { location: { lat: 41.8, lon: 123.5 } }],
  ])('tells a registration with another %s apart', (_field, change) => {
    const other: Centre = { _id: 'c-1', ...normalizeFacts({ ...factsOf(registered), ...change }) };
    expect(sameCentre(registered, other)).toBe(false);
  });
  it('reads a centre stored before the new fields as having their defaults', () => {
    const old = { _id: 'c-0', name: 'Old', kind: 'day-care', communityPath: PATH, capacity: 5 } as Centre;
    const now: Centre = { _id: 'c-0', ...normalizeFacts({ ...old, communityOnly: false, activities: [] }) };
    expect(sameCentre(old, now)).toBe(true);
  });
});

describe('applyPatch and changedFacts', () => {
  const before = factsOf(registered);

  it('keeps what a patch leaves out and reports only what really changed', () => {
    const after = applyPatch(before, { capacity: 50, activities: ['recreation', 'meal'], name: undefined });
    expect(after.name).toBe('Centre');
    expect(changedFacts(before, after)).toEqual({ capacity: 50 });
    expect(changesPayload(before, after)).toBe(true);
  });
  it('clears operatorId, openingHours and location with null', () => {
    const after = applyPatch(before, { operatorId: null, openingHours: null, location: null });
    expect(changedFacts(before, after)).toEqual({ operatorId: null, openingHours: null, location: null });
    expect(changesPayload(before, after)).toBe(true); // operatorId is published
  });
  it('finds no change in a patch repeating the current values', () => {
    const after = applyPatch(before, {
      capacity: 40,
      openingHours: { mon: [{ from: '08:00', to: '17:30' }], tue: [] },
      location: { lat: 41.8, lon: 123.4 },
    });
    expect(changedFacts(before, after)).toEqual({});
  });
  it('publishes nothing for a change of name, hours or location alone', () => {
    const after = applyPatch(before, {
      name: 'Renamed',
      openingHours: { tue: [{ from: '09:00', to: '12:00' }] },
      location: { lat: 41, lon: 123 },
    });
    expect(Object.keys(changedFacts(before, after))).toEqual(['name', 'openingHours', 'location']);
    expect(changesPayload(before, after)).toBe(false);
  });
  it('snapshots the published facts whole', () => {
    expect(updatedPayload('c-1', applyPatch(before, { kind: 'canteen' }))).toEqual({
      centreId: 'c-1',
      kind: 'canteen',
      communityPath: PATH,
      capacity: 40,
      operatorId: 'org-1',
      activities: ['meal', 'recreation'],
      communityOnly: false,
    });
  });
});

describe('assertActive', () => {
  it('refuses a deactivated centre with centre.inactive, takes one without a status as active', () => {
    expect(() => assertActive({ _id: 'c-1', status: 'inactive' })).toThrow(
      expect.objectContaining({ kind: 'conflict', code: 'centre.inactive' }),
    );
    expect(() => assertActive({ _id: 'c-1' })).not.toThrow();
  });
});

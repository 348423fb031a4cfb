import { DomainError } from '#anlao/platform';
import { contactPersonsByStreet } from './contact-persons.js';
import { assertStreetServed, workerChange, type WorkerFacts } from './worker-facts.js';

const S1 = '2101.210102.210102001';
const S2 = '2101.210102.210102002';

describe('worker facts', () => {
  it('places a worker on a street the provider serves', () => {
    expect(() => assertStreetServed(S1, ['2101.210102'])).not.toThrow();
    expect(() => assertStreetServed(S1, [`${S1}.210102001001`])).not.toThrow();
    expect(() => assertStreetServed(S2, [S1])).toThrow(DomainError);
    expect(() => assertStreetServed('2101.210102', ['2101.210102'])).toThrow(/street/);
    expect(() => assertStreetServed(`${S1}.210102001001`, ['2101'])).toThrow(/street/);
  });

  it('publishes a new worker and a change of coded facts, not a renaming', () => {
    const w: WorkerFacts = { name: 'Zhang', role: 'worker', licence: 'none', streetPath: S1, active: true };
    expect(workerChange(null, w)).toEqual({ changed: true, publishes: true });
    expect(workerChange(w, { ...w })).toEqual({ changed: false, publishes: false });
    expect(workerChange(w, { ...w, name: 'Zhang Wei' })).toEqual({ changed: true, publishes: false });
    expect(workerChange(w, { ...w, licence: 'social-worker' })).toEqual({ changed: true, publishes: true });
    expect(workerChange(w, { ...w, active: false })).toEqual({ changed: true, publishes: true });
  });
});

describe('contact persons by street', () => {
  it('counts active contact persons and the licensed among them, per street in order', () => {
    const cp = (streetPath: string, licence: WorkerFacts['licence'], active = true) => ({
      streetPath,
      role: 'contact-person' as const,
      licence,
      active,
    });
    expect(
      contactPersonsByStreet([
        cp(S2, 'none'),
        cp(S1, 'social-worker'),
        cp(S1, 'senior-social-worker'),
        cp(S1, 'none'),
        cp(S1, 'social-worker', false),
        { streetPath: S1, role: 'worker', licence: 'social-worker', active: true },
      ]),
    ).toEqual([
      {
        streetPath: S1,
        contactPersons: 3,
        licensed: 2,
        byLicence: { 'assistant-social-worker': 0, 'social-worker': 1, 'senior-social-worker': 1 },
      },
      {
        streetPath: S2,
        contactPersons: 1,
        licensed: 0,
        byLicence: { 'assistant-social-worker': 0, 'social-worker': 0, 'senior-social-worker': 0 },
      },
    ]);
  });
});

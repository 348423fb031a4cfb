import { orgUnitCovers } from '#anlao/auth';
import type { PayloadOf, ProviderWorkerRole, SocialWorkLicence } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import type { ProviderWorker } from './worker.schema.js';

export interface WorkerFacts {
  name: string;
  role: ProviderWorkerRole;
  licence: SocialWorkLicence;
  streetPath: string;
  active: boolean;
}

/** Levels of the org-unit tree: city.district.street.community. */
const STREET_DEPTH = 3;

/**
 * A worker covers one street, inside (or around) one of the provider's operating areas: a
 * provider working in a district may place staff in any of its streets, one working in a
 * community has its staff on that community's street.
 */
export function assertStreetServed(streetPath: string, operatingAreas: readonly string[]): void {
  if (streetPath.split('.').length !== STREET_DEPTH) {
    throw new DomainError('invalid', 'worker.not-a-street', 'streetPath must be the path of a street', [
      { field: 'streetPath', message: 'city.district.street: three org-unit codes' },
    ]);
  }
  const served = operatingAreas.some(
    (area) => orgUnitCovers(area, streetPath) || orgUnitCovers(streetPath, area),
  );
  if (!served) {
    throw new DomainError(
      'invalid',
      'worker.street-outside-areas',
      'the street is not among the provider’s operating areas',
      [{ field: 'streetPath', message: 'must lie in one of the provider’s operating areas' }],
    );
  }
}

export function factsOfWorker(w: ProviderWorker): WorkerFacts {
  return { name: w.name, role: w.role, licence: w.licence, streetPath: w.streetPath, active: w.active };
}

/** Only coded facts are published: a change of the name alone writes no event. */
export function workerChange(
  before: WorkerFacts | null,
  after: WorkerFacts,
): { changed: boolean; publishes: boolean } {
  if (before === null) return { changed: true, publishes: true };
  const publishes =
    before.role !== after.role ||
    before.licence !== after.licence ||
    before.streetPath !== after.streetPath ||
    before.active !== after.active;
  return { changed: publishes || before.name !== after.name, publishes };
}

export function workerPayload(
  providerId: string,
  workerId: string,
  f: WorkerFacts,
): PayloadOf<'provider.worker-changed'> {
  return {
    providerId,
    workerId,
    role: f.role,
    licence: f.licence,
    streetPath: f.streetPath,
    active: f.active,
  };
}

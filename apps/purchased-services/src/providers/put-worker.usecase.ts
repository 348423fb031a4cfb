import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, type Principal } from '#anlao/auth';
import { ProviderRepository } from './provider.repository.js';
import { WorkerRepository, workerKey } from './worker.repository.js';
import type { ProviderWorker } from './worker.schema.js';
import {
  assertStreetServed,
  factsOfWorker,
  workerChange,
  workerPayload,
  type WorkerFacts,
} from './worker-facts.js';
import { visibleProvider } from './provider-access.js';
import { MAX_ATTEMPTS } from './update-provider.usecase.js';

export type PutWorkerResult = {
  status: 'created' | 'changed' | 'unchanged';
  published: boolean;
  worker: ProviderWorker;
};

/**
 * Adds or replaces one of a provider's staff, by staff of the provider's registering unit.
 * A new worker or a change of the coded facts writes `provider.worker-changed` in the same
 * document write; a new name alone is stored without an event (names never leave).
 */
@Injectable()
export class PutWorkerUseCase {
  constructor(
    private readonly providers: ProviderRepository,
    private readonly workers: WorkerRepository,
  ) {}

  async execute(
    principal: Principal,
    ids: { providerId: string; workerId: string },
    facts: WorkerFacts,
    correlationId: string,
  ): Promise<PutWorkerResult> {
    const { providerId, workerId } = ids;
    const provider = visibleProvider(principal, await this.providers.findById(providerId), providerId);
    assertMayWriteIn(principal, provider.registeredOrgUnit);
    assertStreetServed(facts.streetPath, provider.operatingAreas);
    const event = () =>
      createEvent({
        type: 'provider.worker-changed',
        source: 'purchased-services',
        subject: workerKey(providerId, workerId),
        orgUnit: facts.streetPath,
        correlationId,
        payload: workerPayload(providerId, workerId, facts),
      });
    const key = workerKey(providerId, workerId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.workers.find(providerId, workerId);
      if (current === null) {
        const worker: ProviderWorker = { _id: key, providerId, workerId, ...facts, revision: 1 };
        if (await this.workers.insert(worker, [event()]))
          return { status: 'created', published: true, worker };
        continue;
      }
      const change = workerChange(factsOfWorker(current), facts);
      if (!change.changed) return { status: 'unchanged', published: false, worker: current };
      const events = change.publishes ? [event()] : [];
      if (await this.workers.update(key, current.revision, { ...facts }, events))
        return {
          status: 'changed',
          published: change.publishes,
          worker: { ...current, ...facts, revision: current.revision + 1 },
        };
    }
    throw new DomainError(
      'conflict',
      'worker.changed-meanwhile',
      `worker ${workerId} kept changing while this change was applied; try again`,
    );
  }
}

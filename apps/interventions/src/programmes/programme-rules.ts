import { orgUnitCovers } from '#anlao/auth';
import type { ProgrammeStatus } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import type {
  ContractCopy,
  ProviderCopy,
  WorkerCopy,
} from '../provider-directory/provider-directory.schema.js';

const unprocessable = (code: string, detail: string, retryable = false) =>
  new DomainError('unprocessable', code, detail, [], retryable ? { retryable: true } : {});

/** What the directory must say for a programme to be registered; unknown is retryable (events may lag). */
export interface ProgrammePlace {
  communityPath: string;
  provider: ProviderCopy | null;
  facilitator: WorkerCopy | null;
  contract: ContractCopy | null | undefined;
  providerId: string;
}

/**
 * A programme runs where its organisation works, is led by one of its active workers and, under a
 * contract, is the contract's provider's and inside the contract's areas (ADR 0028).
 */
export function checkProgrammePlace(place: ProgrammePlace): void {
  const { provider, facilitator, contract, communityPath } = place;
  if (provider === null)
    throw unprocessable('provider.unknown', 'this organisation is not known here (yet)', true);
  if (!provider.operatingAreas.some((area) => orgUnitCovers(area, communityPath)))
    throw unprocessable(
      'programme.outside-provider-areas',
      'the community is outside the organisation’s operating areas',
    );
  if (facilitator === null)
    throw unprocessable(
      'facilitator.unknown',
      'no such worker of this organisation is known here (yet)',
      true,
    );
  if (!facilitator.active) throw unprocessable('facilitator.inactive', 'the facilitator is no longer active');
  if (contract === undefined) return;
  if (contract === null || contract.providerId !== place.providerId)
    throw unprocessable(
      'contract.unknown',
      'no such contract of this organisation is known here (yet)',
      true,
    );
  if (contract.status !== 'active') throw unprocessable('contract.closed', 'the contract is closed');
  if (!contract.areas.some((area) => orgUnitCovers(area, communityPath)))
    throw unprocessable('programme.outside-contract-areas', 'the community is outside the contract’s areas');
}

/** planned → running → completed; planned or running → cancelled. */
export const STATUS_MOVES: Readonly<Record<ProgrammeStatus, readonly ProgrammeStatus[]>> = {
  planned: ['running', 'cancelled'],
  running: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function checkStatusMove(programmeId: string, from: ProgrammeStatus, to: ProgrammeStatus): void {
  if (!STATUS_MOVES[from].includes(to))
    throw new DomainError(
      'conflict',
      'programme.illegal-transition',
      `programme ${programmeId} is ${from}: it cannot become ${to}`,
      [],
      { currentState: from },
    );
}

/** Members may join, sessions be held and assessments recorded while it is planned or running. */
export function assertOpen(programmeId: string, status: ProgrammeStatus): void {
  if (status === 'completed' || status === 'cancelled')
    throw new DomainError('conflict', 'programme.closed', `programme ${programmeId} is ${status}`, [], {
      currentState: status,
    });
}

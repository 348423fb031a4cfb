import { Injectable } from '@nestjs/common';
import { createEvent, type ProgrammeStatus } from '#anlao/events';
import type { Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { own } from '../shared/programme-access.js';
import { ProgrammeRepository } from './programme.repository.js';
import type { Programme } from './programme.schema.js';
import { checkStatusMove } from './programme-rules.js';

const MAX_ATTEMPTS = 5;

/** Moves a programme along planned → running → completed (or cancelled), with its event. */
@Injectable()
export class ChangeProgrammeStatusUseCase {
  constructor(private readonly programmes: ProgrammeRepository) {}

  async execute(
    principal: Principal | null,
    programmeId: string,
    to: ProgrammeStatus,
    correlationId: string,
  ): Promise<Programme> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const found = await this.programmes.findById(programmeId);
      // null principal: the service itself (a first session starts the programme).
      const programme = principal ? own(principal, found, 'programme', programmeId) : found;
      if (!programme)
        throw new DomainError('not-found', 'programme.not-found', `no programme ${programmeId}`);
      if (programme.status === to) return programme;
      checkStatusMove(programmeId, programme.status, to);
      const event = createEvent({
        type: 'programme.status-changed',
        source: 'interventions',
        subject: programmeId,
        orgUnit: programme.communityPath,
        correlationId,
        payload: { programmeId, providerId: programme.providerId, from: programme.status, to },
      });
      if (await this.programmes.update(programmeId, programme.revision, { status: to }, [event]))
        return { ...programme, status: to, revision: programme.revision + 1 };
    }
    throw new DomainError(
      'conflict',
      'programme.changed-meanwhile',
      `programme ${programmeId} kept changing; read it and try again`,
    );
  }
}

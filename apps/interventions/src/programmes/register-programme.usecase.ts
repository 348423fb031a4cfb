import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import type { Principal } from '#anlao/auth';
import { DomainError, idFromIdempotencyKey, requestDigest } from '#anlao/platform';
import { findShippedInstrument } from '../instruments/index.js';
import { ProviderDirectory } from '../provider-directory/provider-directory.repository.js';
import { organisationOf } from '../shared/programme-access.js';
import type { RegisterProgrammeDto } from './programme.dto.js';
import { ProgrammeRepository } from './programme.repository.js';
import type { Programme } from './programme.schema.js';
import { checkProgrammePlace } from './programme-rules.js';

export type RegisterProgrammeResult = { created: boolean; programme: Programme };

/**
 * An organisation registers a programme under its Idempotency-Key: the same key and body answer
 * the first programme, another body under that key is a conflict. Checked against interventions'
 * own copy of the organisation, its workers and contracts (never a call to purchased-services).
 */
@Injectable()
export class RegisterProgrammeUseCase {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly directory: ProviderDirectory,
  ) {}

  async execute(
    principal: Principal,
    input: RegisterProgrammeDto,
    idempotencyKey: string,
    correlationId: string,
  ): Promise<RegisterProgrammeResult> {
    const providerId = organisationOf(principal);
    const programmeId = idFromIdempotencyKey('pg', providerId, idempotencyKey);
    const fingerprint = requestDigest([
      input.title,
      input.theme,
      input.theories,
      input.targetGroups.eligibilityCategories,
      input.targetGroups.priorityGroups,
      input.communityPath,
      input.plannedSessions,
      input.minSessionsAttended,
      input.facilitatorWorkerId,
      input.instrument,
      input.contractId ?? null,
    ]);
    const first = await this.programmes.findById(programmeId);
    if (first) return { created: false, programme: sameRequest(first, fingerprint) };
    checkInput(input);
    checkProgrammePlace({
      providerId,
      communityPath: input.communityPath,
      provider: await this.directory.provider(providerId),
      facilitator: await this.directory.worker(providerId, input.facilitatorWorkerId),
      contract: input.contractId === undefined ? undefined : await this.directory.contract(input.contractId),
    });
    const programme: Programme = {
      _id: programmeId,
      providerId,
      contractId: input.contractId ?? null,
      communityPath: input.communityPath,
      title: input.title,
      theme: input.theme,
      theories: input.theories,
      targetGroups: {
        eligibilityCategories: input.targetGroups.eligibilityCategories,
        priorityGroups: input.targetGroups.priorityGroups,
      },
      plannedSessions: input.plannedSessions,
      facilitatorWorkerId: input.facilitatorWorkerId,
      instrument: input.instrument,
      minSessionsAttended: input.minSessionsAttended,
      status: 'planned',
      fingerprint,
      revision: 1,
    };
    const event = createEvent({
      type: 'programme.registered',
      source: 'interventions',
      subject: programmeId,
      orgUnit: programme.communityPath,
      correlationId,
      payload: {
        programmeId,
        providerId,
        contractId: programme.contractId,
        communityPath: programme.communityPath,
        theme: programme.theme,
        theories: programme.theories,
        targetGroups: programme.targetGroups,
        plannedSessions: programme.plannedSessions,
        facilitatorWorkerId: programme.facilitatorWorkerId,
        instrument: programme.instrument,
        minSessionsAttended: programme.minSessionsAttended,
      },
    });
    if (await this.programmes.insert(programme, [event])) return { created: true, programme };
    // The same key raced in from another call: the first stands.
    const raced = await this.programmes.findById(programmeId);
    if (!raced) throw new Error(`programme ${programmeId} neither inserted nor found`);
    return { created: false, programme: sameRequest(raced, fingerprint) };
  }
}

function sameRequest(stored: Programme, fingerprint: string): Programme {
  if (stored.fingerprint !== fingerprint)
    throw new DomainError(
      'conflict',
      'programme.idempotency-key-reused',
      `this Idempotency-Key already named programme ${stored._id}, for another request`,
    );
  return stored;
}

function checkInput(input: RegisterProgrammeDto): void {
  const errors: { field: string; message: string }[] = [];
  if (input.minSessionsAttended > input.plannedSessions)
    errors.push({ field: 'minSessionsAttended', message: 'at most plannedSessions' });
  if (!findShippedInstrument(input.instrument))
    errors.push({ field: 'instrument', message: 'not an instrument of GET /instruments' });
  if (errors.length > 0)
    throw new DomainError('invalid', 'request.invalid', `${errors.length} invalid field(s)`, errors);
}

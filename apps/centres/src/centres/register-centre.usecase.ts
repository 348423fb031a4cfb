import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, assertVisible, type Principal } from '#anlao/auth';
import { asScoped, CentreRepository, type CentreRecord } from './centre.repository.js';
import type { RegisterCentreDto } from './centre.dto.js';
import { normalizeFacts, sameCentre } from './centre-facts.js';

export { sameCentre } from './centre-facts.js';

export type RegisterCentreResult = { status: 'registered' | 'unchanged'; centre: CentreRecord };

@Injectable()
export class RegisterCentreUseCase {
  constructor(private readonly centres: CentreRepository) {}

  /**
   * Registers a centre under its city-issued code. The same registration again is a no-op
   * (200), other details a conflict (409): changes go through PATCH, which publishes them.
   */
  async execute(
    principal: Principal,
    centreId: string,
    dto: RegisterCentreDto,
    correlationId: string,
  ): Promise<RegisterCentreResult> {
    assertMayWriteIn(principal, dto.communityPath);
    const facts = normalizeFacts(dto);
    const centre: CentreRecord = {
      _id: centreId,
      ...facts,
      status: 'active',
      deactivatedAt: null,
      deactivationReason: null,
      revision: 1,
    };
    const event = createEvent({
      type: 'centre.registered',
      source: 'centres',
      subject: centreId,
      orgUnit: facts.communityPath,
      correlationId,
      payload: {
        centreId,
        kind: facts.kind,
        communityPath: facts.communityPath,
        capacity: facts.capacity,
        operatorId: facts.operatorId,
        activities: facts.activities,
        communityOnly: facts.communityOnly,
      },
    });
    if (await this.centres.insert(centre, [event])) return { status: 'registered', centre };
    const existing = assertVisible(principal, asScoped(await this.centres.findById(centreId)), {
      code: 'centre.not-found',
      detail: `no centre ${centreId}`,
    });
    if (sameCentre(existing, centre)) return { status: 'unchanged', centre: existing };
    throw new DomainError(
      'conflict',
      'centre.exists',
      `centre ${centreId} is already registered with other details`,
    );
  }
}

import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { assertMayWriteIn, assertVisible, type Principal } from '#anlao/auth';
import { asScoped, CentreRepository, type CentreRecord } from './centre.repository.js';
import type { RegisterCentreDto } from './centre.dto.js';

export type RegisterCentreResult = { status: 'registered' | 'unchanged'; centre: CentreRecord };

/** Same fields as stored: a repeated registration is a no-op, a different one a conflict. */
export function sameCentre(a: CentreRecord, b: CentreRecord): boolean {
  return (
    a._id === b._id &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.communityPath === b.communityPath &&
    a.capacity === b.capacity &&
    (a.communityOnly ?? false) === (b.communityOnly ?? false)
  );
}

@Injectable()
export class RegisterCentreUseCase {
  constructor(private readonly centres: CentreRepository) {}

  async execute(
    principal: Principal,
    centreId: string,
    dto: RegisterCentreDto,
    correlationId: string,
  ): Promise<RegisterCentreResult> {
    assertMayWriteIn(principal, dto.communityPath);
    const centre: CentreRecord = { _id: centreId, ...dto, communityOnly: dto.communityOnly ?? false };
    const event = createEvent({
      type: 'centre.registered',
      source: 'centres',
      subject: centreId,
      orgUnit: dto.communityPath,
      correlationId,
      payload: { centreId, kind: dto.kind, communityPath: dto.communityPath, capacity: dto.capacity },
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

import { Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { CentreRepository, type CentreRecord } from './centre.repository.js';
import type { RegisterCentreDto } from './centre.dto.js';

export type RegisterCentreResult = { status: 'registered' | 'unchanged'; centre: CentreRecord };

/** Same fields as stored: a repeated registration is a no-op, a different one a conflict. */
export function sameCentre(a: CentreRecord, b: CentreRecord): boolean {
  return (
    a._id === b._id &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.communityPath === b.communityPath &&
    a.capacity === b.capacity
  );
}

@Injectable()
export class RegisterCentreUseCase {
  constructor(private readonly centres: CentreRepository) {}

  async execute(
    centreId: string,
    dto: RegisterCentreDto,
    correlationId: string,
  ): Promise<RegisterCentreResult> {
    const centre: CentreRecord = { _id: centreId, ...dto };
    const event = createEvent({
      type: 'centre.registered',
      source: 'centres',
      subject: centreId,
      orgUnit: dto.communityPath,
      correlationId,
      payload: { centreId, kind: dto.kind, communityPath: dto.communityPath, capacity: dto.capacity },
    });
    if (await this.centres.insert(centre, [event])) return { status: 'registered', centre };
    const existing = await this.centres.findById(centreId);
    if (existing && sameCentre(existing, centre)) return { status: 'unchanged', centre: existing };
    throw new DomainError(
      'conflict',
      'centre.exists',
      `centre ${centreId} is already registered with other details`,
    );
  }
}

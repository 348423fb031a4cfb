import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, type HandlerContext } from '#anlao/messaging';
import { generationOfGroup } from '../generations/generation.js';
import { Generations } from '../generations/generations.js';
import { CentreDirectoryRepository } from './centre-directory.repository.js';
import { CENTRE_DIRECTORY } from './centre-directory.schema.js';

export const CENTRE_DIRECTORY_GROUP = 'analytics.centre-directory';

/**
 * Keeps which community each centre serves: the scope of its visit counts; in the database of the
 * generation whose group called (ADR 0030).
 */
@Controller()
export class CentreDirectoryConsumer {
  constructor(
    private readonly directory: CentreDirectoryRepository,
    private readonly generations: Generations,
  ) {
    generations.lane({ group: CENTRE_DIRECTORY_GROUP, collections: [CENTRE_DIRECTORY] });
  }

  private db(ctx: HandlerContext) {
    return this.generations.laneDb(CENTRE_DIRECTORY_GROUP, generationOfGroup(ctx.groupId));
  }

  @EventPattern<EventType>('centre.registered', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreRegistered(
    @Payload() event: EventEnvelope<'centre.registered'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    const { centreId, communityPath, kind, capacity, operatorId } = event.payload;
    await this.directory.upsert(this.db(ctx), centreId, {
      communityPath,
      kind,
      capacity,
      operatorId: operatorId ?? null,
      status: 'active',
    });
  }

  @EventPattern<EventType>('centre.updated', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreUpdated(
    @Payload() event: EventEnvelope<'centre.updated'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    const { centreId, communityPath, kind, capacity, operatorId } = event.payload;
    await this.directory.upsert(this.db(ctx), centreId, { communityPath, kind, capacity, operatorId });
  }

  @EventPattern<EventType>('centre.deactivated', inGroup(CENTRE_DIRECTORY_GROUP))
  async centreDeactivated(
    @Payload() event: EventEnvelope<'centre.deactivated'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    const { centreId, communityPath } = event.payload;
    await this.directory.upsert(this.db(ctx), centreId, { communityPath, status: 'inactive' });
  }
}

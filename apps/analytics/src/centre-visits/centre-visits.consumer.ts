import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, type HandlerContext } from '#anlao/messaging';
import { generationOfGroup } from '../generations/generation.js';
import { Generations } from '../generations/generations.js';
import { DAILY_CENTRE_VISITS } from './daily-visit-count.schema.js';
import { CountVisitUseCase } from './count-visit.usecase.js';

export const CENTRE_VISITS_GROUP = 'analytics.centre-visits';

/**
 * Feeds the daily visit projection from the centres topic, a consumer batch at a time, in the database
 * of the generation whose group called (ADR 0030).
 */
@Controller()
export class CentreVisitsConsumer {
  constructor(
    private readonly countVisit: CountVisitUseCase,
    private readonly generations: Generations,
  ) {
    generations.lane({ group: CENTRE_VISITS_GROUP, collections: [DAILY_CENTRE_VISITS] });
  }

  private db(ctx: HandlerContext) {
    return this.generations.laneDb(CENTRE_VISITS_GROUP, generationOfGroup(ctx.groupId));
  }

  // No inbox: each day document holds the ids of the events it counted, written with the count
  // itself, so a redelivered event is recognised there (and an inbox look-up per event is saved).
  @EventPattern<EventType>('visit.recorded', inGroup(CENTRE_VISITS_GROUP, { batch: true, inbox: false }))
  async visitsRecorded(
    @Payload() events: EventEnvelope<'visit.recorded'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    const { counted, keys } = await this.countVisit.executeMany(events, this.db(ctx), ctx.heartbeat);
    ctx.logger.debug({ events: events.length, counted, keys }, 'visits counted');
  }

  // Same group as the recordings: one partition's events reach the day documents in order, so a void
  // (keyed like its visit) always follows the recording it takes back.
  @EventPattern<EventType>('visit.voided', inGroup(CENTRE_VISITS_GROUP, { batch: true, inbox: false }))
  async visitsVoided(
    @Payload() events: EventEnvelope<'visit.voided'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    const { counted, keys } = await this.countVisit.executeMany(events, this.db(ctx), ctx.heartbeat);
    ctx.logger.debug({ events: events.length, counted, keys }, 'voided visits subtracted');
  }
}

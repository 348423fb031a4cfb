import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, type HandlerContext } from '#anlao/messaging';
import { generationOfGroup } from '../generations/generation.js';
import { COVERAGE_GROUP, CoverageProjector } from './coverage-projector.js';

// A batch at a time and no inbox: an elder-month records the services it counted and what it
// counted, so an event read again finds nothing left to change; the journal makes the writes of a
// step all-or-nothing across a crash (ADR 0029). One run name: a partition's registrations,
// assessments and visits, however they alternate, go to the projector together.
const lane = inGroup(COVERAGE_GROUP, { batch: true, inbox: false, run: 'coverage' });

/**
 * Everything coverage is counted from, in one consumer group so that one writer keeps the residents'
 * profiles, their elder-months and the unit counters (FerretDB loses concurrent updates of a document).
 * The same handlers serve the group of every generation (ADR 0030): the group that called says where
 * to write.
 */
@Controller()
export class CoverageConsumer {
  constructor(private readonly projector: CoverageProjector) {}

  @EventPattern<EventType>('org-unit.created', lane)
  orgUnits(
    @Payload() events: EventEnvelope<'org-unit.created'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('resident.registered', lane)
  registered(
    @Payload() events: EventEnvelope<'resident.registered'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('resident.updated', lane)
  updated(@Payload() events: EventEnvelope<'resident.updated'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('resident.moved', lane)
  moved(@Payload() events: EventEnvelope<'resident.moved'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('resident.died', lane)
  died(@Payload() events: EventEnvelope<'resident.died'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('eligibility.assessed', lane)
  assessed(
    @Payload() events: EventEnvelope<'eligibility.assessed'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('visit.recorded', lane)
  visits(@Payload() events: EventEnvelope<'visit.recorded'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('visit.voided', lane)
  voids(@Payload() events: EventEnvelope<'visit.voided'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('service.delivered', lane)
  deliveries(
    @Payload() events: EventEnvelope<'service.delivered'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('session.held', lane)
  sessions(@Payload() events: EventEnvelope<'session.held'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }
}

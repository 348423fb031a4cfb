import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, type HandlerContext } from '#anlao/messaging';
import { generationOfGroup } from '../generations/generation.js';
import { INTERVENTIONS_GROUP, InterventionsProjector } from './interventions-projector.js';

// A batch at a time and no inbox: a programme records the facts it read and what it counted, and an
// hours log is kept once, so an event read again finds nothing left to change; the journal makes a
// step's writes all-or-nothing across a crash (ADR 0029).
const lane = inGroup(INTERVENTIONS_GROUP, { batch: true, inbox: false });

/**
 * Everything the interventions reports are counted from, in one consumer group so that one writer
 * keeps the programmes, the hours logs and the counters (FerretDB loses concurrent updates of a document).
 * The same handlers serve the group of every generation (ADR 0030): the group that called says where
 * to write.
 */
@Controller()
export class InterventionsConsumer {
  constructor(private readonly projector: InterventionsProjector) {}

  @EventPattern<EventType>('programme.registered', lane)
  registered(
    @Payload() events: EventEnvelope<'programme.registered'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('programme.status-changed', lane)
  statusChanged(
    @Payload() events: EventEnvelope<'programme.status-changed'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('member.enrolled', lane)
  enrolled(@Payload() events: EventEnvelope<'member.enrolled'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('member.withdrawn', lane)
  withdrawn(
    @Payload() events: EventEnvelope<'member.withdrawn'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('session.held', lane)
  sessions(@Payload() events: EventEnvelope<'session.held'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('outcome.submitted', lane)
  outcomes(
    @Payload() events: EventEnvelope<'outcome.submitted'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('volunteer.hours-logged', lane)
  hours(
    @Payload() events: EventEnvelope<'volunteer.hours-logged'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }
}

import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup } from '#anlao/messaging';
import { INTERVENTIONS_GROUP, InterventionsProjector } from './interventions-projector.js';

// A batch at a time and no inbox: a programme records the facts it read and what it counted, and an
// hours log is kept once, so an event read again finds nothing left to change; the journal makes a
// step's writes all-or-nothing across a crash (ADR 0029).
const lane = inGroup(INTERVENTIONS_GROUP, { batch: true, inbox: false });

/**
 * Everything the interventions reports are counted from, in one consumer group so that one writer
 * keeps the programmes, the hours logs and the counters (FerretDB loses concurrent updates of a document).
 */
@Controller()
export class InterventionsConsumer {
  constructor(private readonly projector: InterventionsProjector) {}

  @EventPattern<EventType>('programme.registered', lane)
  registered(@Payload() events: EventEnvelope<'programme.registered'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('programme.status-changed', lane)
  statusChanged(@Payload() events: EventEnvelope<'programme.status-changed'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('member.enrolled', lane)
  enrolled(@Payload() events: EventEnvelope<'member.enrolled'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('member.withdrawn', lane)
  withdrawn(@Payload() events: EventEnvelope<'member.withdrawn'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('session.held', lane)
  sessions(@Payload() events: EventEnvelope<'session.held'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('outcome.submitted', lane)
  outcomes(@Payload() events: EventEnvelope<'outcome.submitted'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('volunteer.hours-logged', lane)
  hours(@Payload() events: EventEnvelope<'volunteer.hours-logged'>[]): Promise<void> {
    return this.projector.project(events);
  }
}

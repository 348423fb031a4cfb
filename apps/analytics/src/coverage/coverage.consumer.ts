import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup } from '#anlao/messaging';
import { COVERAGE_GROUP, CoverageProjector } from './coverage-projector.js';

// A batch at a time and no inbox: an elder-month records the services it counted and what it
// counted, so an event read again finds nothing left to change; the journal makes the writes of a
// step all-or-nothing across a crash (ADR 0029). One run name: a partition's registrations,
// assessments and visits, however they alternate, go to the projector together.
const lane = inGroup(COVERAGE_GROUP, { batch: true, inbox: false, run: 'coverage' });

/**
 * Everything coverage is counted from, in one consumer group so that one writer keeps the residents'
 * profiles, their elder-months and the unit counters (FerretDB loses concurrent updates of a document).
 */
@Controller()
export class CoverageConsumer {
  constructor(private readonly projector: CoverageProjector) {}

  @EventPattern<EventType>('org-unit.created', lane)
  orgUnits(@Payload() events: EventEnvelope<'org-unit.created'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('resident.registered', lane)
  registered(@Payload() events: EventEnvelope<'resident.registered'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('resident.updated', lane)
  updated(@Payload() events: EventEnvelope<'resident.updated'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('resident.moved', lane)
  moved(@Payload() events: EventEnvelope<'resident.moved'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('resident.died', lane)
  died(@Payload() events: EventEnvelope<'resident.died'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('eligibility.assessed', lane)
  assessed(@Payload() events: EventEnvelope<'eligibility.assessed'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('visit.recorded', lane)
  visits(@Payload() events: EventEnvelope<'visit.recorded'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('visit.voided', lane)
  voids(@Payload() events: EventEnvelope<'visit.voided'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('service.delivered', lane)
  deliveries(@Payload() events: EventEnvelope<'service.delivered'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('session.held', lane)
  sessions(@Payload() events: EventEnvelope<'session.held'>[]): Promise<void> {
    return this.projector.project(events);
  }
}

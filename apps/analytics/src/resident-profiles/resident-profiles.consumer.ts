import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup } from '#anlao/messaging';
import { CONFIG, type ServiceConfig } from '#anlao/platform';
import { foldProfile, type ProfileEvent } from './resident-profile.js';
import { ResidentProfileRepository } from './resident-profile.repository.js';
import { servedMarks, type ServiceEvent } from './served-months.js';

export const RESIDENT_PROFILES_GROUP = 'analytics.resident-profiles';
export const SERVED_MONTHS_GROUP = 'analytics.served-months';
const profiles = inGroup(RESIDENT_PROFILES_GROUP);
// A batch at a time and no inbox: the marks' `_id`s are the exactly-once guard, and a visit batch
// of hundreds becomes one unordered insert per few dozen distinct resident-months.
const served = inGroup(SERVED_MONTHS_GROUP, { batch: true, inbox: false });

/**
 * Analytics' own view of residents (priority groups, eligibility spells, where they live) and of
 * the months each was served in: the two facts coverage is counted from ([9/11]). One event at a
 * time per group; each write sets values or inserts once, so a redelivery changes nothing.
 */
@Controller()
export class ResidentProfilesConsumer {
  constructor(
    private readonly repository: ResidentProfileRepository,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  private async fold(event: ProfileEvent): Promise<void> {
    const next = foldProfile(await this.repository.find(event.payload.residentId), event);
    if (next) await this.repository.save(next);
  }

  @EventPattern<EventType>('resident.registered', profiles)
  registered(@Payload() event: EventEnvelope<'resident.registered'>): Promise<void> {
    return this.fold(event);
  }

  @EventPattern<EventType>('resident.updated', profiles)
  updated(@Payload() event: EventEnvelope<'resident.updated'>): Promise<void> {
    return this.fold(event);
  }

  @EventPattern<EventType>('resident.moved', profiles)
  moved(@Payload() event: EventEnvelope<'resident.moved'>): Promise<void> {
    return this.fold(event);
  }

  @EventPattern<EventType>('resident.died', profiles)
  died(@Payload() event: EventEnvelope<'resident.died'>): Promise<void> {
    return this.fold(event);
  }

  @EventPattern<EventType>('eligibility.assessed', profiles)
  assessed(@Payload() event: EventEnvelope<'eligibility.assessed'>): Promise<void> {
    return this.fold(event);
  }

  private mark(events: ServiceEvent[]): Promise<void> {
    return this.repository.markServed(events.flatMap((event) => servedMarks(event, this.config.TIME_ZONE)));
  }

  @EventPattern<EventType>('visit.recorded', served)
  visits(@Payload() events: EventEnvelope<'visit.recorded'>[]): Promise<void> {
    return this.mark(events);
  }

  @EventPattern<EventType>('service.delivered', served)
  deliveries(@Payload() events: EventEnvelope<'service.delivered'>[]): Promise<void> {
    return this.mark(events);
  }

  @EventPattern<EventType>('session.held', served)
  sessions(@Payload() events: EventEnvelope<'session.held'>[]): Promise<void> {
    return this.mark(events);
  }
}

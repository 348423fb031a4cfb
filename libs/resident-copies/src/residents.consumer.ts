import { Controller, type Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup } from '#anlao/messaging';
import { foldResidentEvent, type ResidentCopyEvent } from './resident-copy.js';
import { ResidentCopyRepository } from './resident-copy.repository.js';

/**
 * The consumer that keeps a service's copy of residents from the residents topic, never by
 * calling the residents service (ADR 0021). A class per service, made here: the consumer group
 * is in the decorators, and each service needs a group of its own (offsets, inbox entries),
 * or two services would split the topic's partitions between them.
 * One event at a time: each reads the copy it changes. Idempotent per event (the fold only sets
 * values and adds absent cards), on top of the inbox.
 */
export function residentsConsumerFor(groupId: string): Type {
  const group = inGroup(groupId);

  @Controller()
  class ResidentsConsumer {
    constructor(private readonly copies: ResidentCopyRepository) {}

    private async apply(event: ResidentCopyEvent): Promise<void> {
      const { copy, claims } = foldResidentEvent(await this.copies.find(event.payload.residentId), event);
      await this.copies.save(copy, claims);
    }

    @EventPattern<EventType>('resident.registered', group)
    registered(@Payload() event: EventEnvelope<'resident.registered'>): Promise<void> {
      return this.apply(event);
    }

    @EventPattern<EventType>('resident.updated', group)
    updated(@Payload() event: EventEnvelope<'resident.updated'>): Promise<void> {
      return this.apply(event);
    }

    @EventPattern<EventType>('resident.moved', group)
    moved(@Payload() event: EventEnvelope<'resident.moved'>): Promise<void> {
      return this.apply(event);
    }

    @EventPattern<EventType>('resident.died', group)
    died(@Payload() event: EventEnvelope<'resident.died'>): Promise<void> {
      return this.apply(event);
    }

    @EventPattern<EventType>('card.issued', group)
    cardIssued(@Payload() event: EventEnvelope<'card.issued'>): Promise<void> {
      return this.apply(event);
    }

    @EventPattern<EventType>('card.suspended', group)
    cardSuspended(@Payload() event: EventEnvelope<'card.suspended'>): Promise<void> {
      return this.apply(event);
    }

    @EventPattern<EventType>('card.replaced', group)
    cardReplaced(@Payload() event: EventEnvelope<'card.replaced'>): Promise<void> {
      return this.apply(event);
    }
  }
  return ResidentsConsumer;
}

import { Controller, type Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventType } from '#anlao/events';
import { inGroup } from '#anlao/messaging';
import { foldResidentEvents, type ResidentCopyEvent } from './resident-copy.js';
import { ResidentCopyRepository } from './resident-copy.repository.js';

/**
 * The consumer that keeps a service's copy of residents from the residents topic, never by
 * calling the residents service (ADR 0021). A class per service, made here: the consumer group
 * is in the decorators, and each service needs a group of its own (offsets, inbox entries),
 * or two services would split the topic's partitions between them.
 * A run at a time: every residents event type shares one run name, so an import's registrations,
 * cards and moves, however they alternate in a partition, are folded together — one read and one
 * write per resident per run instead of per event (an import of 2,000 elders is 2,000 events).
 * Idempotent per event (the fold only sets values and adds absent cards), on top of the inbox.
 */
export function residentsConsumerFor(groupId: string): Type {
  const group = inGroup(groupId, { batch: true, run: 'resident-copy' });

  @Controller()
  class ResidentsConsumer {
    constructor(private readonly copies: ResidentCopyRepository) {}

    private async apply(events: ResidentCopyEvent[]): Promise<void> {
      const known = await this.copies.findMany([...new Set(events.map((e) => e.payload.residentId))]);
      const { copies, claims } = foldResidentEvents(known, events);
      await this.copies.saveMany(copies, claims);
    }

    @EventPattern<EventType>('resident.registered', group)
    registered(@Payload() events: ResidentCopyEvent[]): Promise<void> {
      return this.apply(events);
    }

    @EventPattern<EventType>('resident.updated', group)
    updated(@Payload() events: ResidentCopyEvent[]): Promise<void> {
      return this.apply(events);
    }

    @EventPattern<EventType>('resident.moved', group)
    moved(@Payload() events: ResidentCopyEvent[]): Promise<void> {
      return this.apply(events);
    }

    @EventPattern<EventType>('resident.died', group)
    died(@Payload() events: ResidentCopyEvent[]): Promise<void> {
      return this.apply(events);
    }

    @EventPattern<EventType>('card.issued', group)
    cardIssued(@Payload() events: ResidentCopyEvent[]): Promise<void> {
      return this.apply(events);
    }

    @EventPattern<EventType>('card.suspended', group)
    cardSuspended(@Payload() events: ResidentCopyEvent[]): Promise<void> {
      return this.apply(events);
    }

    @EventPattern<EventType>('card.replaced', group)
    cardReplaced(@Payload() events: ResidentCopyEvent[]): Promise<void> {
      return this.apply(events);
    }
  }
  return ResidentsConsumer;
}

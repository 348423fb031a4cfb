import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup } from '#anlao/messaging';
import { ACCESSIBILITY_GROUP, AccessibilityProjector } from './accessibility-projector.js';

// A batch at a time and no inbox: every fact's state document records what it counted, so an event
// read again finds nothing left to change; the journal makes a step's writes all-or-nothing across a
// crash (ADR 0029).
const lane = inGroup(ACCESSIBILITY_GROUP, { batch: true, inbox: false });

/**
 * Everything accessibility and the provider scorecards are counted from (supply, orders, wallets), in
 * one consumer group so that one writer keeps its state documents and counters.
 */
@Controller()
export class AccessibilityConsumer {
  constructor(private readonly projector: AccessibilityProjector) {}

  @EventPattern<EventType>('org-unit.created', lane)
  orgUnitCreated(@Payload() events: EventEnvelope<'org-unit.created'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('resident.registered', lane)
  residentRegistered(@Payload() events: EventEnvelope<'resident.registered'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('resident.updated', lane)
  residentUpdated(@Payload() events: EventEnvelope<'resident.updated'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('resident.moved', lane)
  residentMoved(@Payload() events: EventEnvelope<'resident.moved'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('resident.died', lane)
  residentDied(@Payload() events: EventEnvelope<'resident.died'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('wallet.credited', lane)
  walletCredited(@Payload() events: EventEnvelope<'wallet.credited'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('wallet.debited', lane)
  walletDebited(@Payload() events: EventEnvelope<'wallet.debited'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('centre.registered', lane)
  centreRegistered(@Payload() events: EventEnvelope<'centre.registered'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('centre.updated', lane)
  centreUpdated(@Payload() events: EventEnvelope<'centre.updated'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('centre.deactivated', lane)
  centreDeactivated(@Payload() events: EventEnvelope<'centre.deactivated'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('provider.registered', lane)
  providerRegistered(@Payload() events: EventEnvelope<'provider.registered'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('provider.updated', lane)
  providerUpdated(@Payload() events: EventEnvelope<'provider.updated'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('provider.worker-changed', lane)
  providerWorkerChanged(@Payload() events: EventEnvelope<'provider.worker-changed'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('contract.signed', lane)
  contractSigned(@Payload() events: EventEnvelope<'contract.signed'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('contract.amended', lane)
  contractAmended(@Payload() events: EventEnvelope<'contract.amended'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('contract.closed', lane)
  contractClosed(@Payload() events: EventEnvelope<'contract.closed'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.requested', lane)
  orderRequested(@Payload() events: EventEnvelope<'order.requested'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.dispatched', lane)
  orderDispatched(@Payload() events: EventEnvelope<'order.dispatched'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.accepted', lane)
  orderAccepted(@Payload() events: EventEnvelope<'order.accepted'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.declined', lane)
  orderDeclined(@Payload() events: EventEnvelope<'order.declined'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.delivered', lane)
  orderDelivered(@Payload() events: EventEnvelope<'order.delivered'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.failed', lane)
  orderFailed(@Payload() events: EventEnvelope<'order.failed'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.cancelled', lane)
  orderCancelled(@Payload() events: EventEnvelope<'order.cancelled'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.rated', lane)
  orderRated(@Payload() events: EventEnvelope<'order.rated'>[]): Promise<void> {
    return this.projector.project(events);
  }

  @EventPattern<EventType>('order.paid', lane)
  orderPaid(@Payload() events: EventEnvelope<'order.paid'>[]): Promise<void> {
    return this.projector.project(events);
  }
}

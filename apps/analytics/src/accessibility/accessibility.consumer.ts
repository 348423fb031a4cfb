import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, EventType } from '#anlao/events';
import { inGroup, type HandlerContext } from '#anlao/messaging';
import { generationOfGroup } from '../generations/generation.js';
import { ACCESSIBILITY_GROUP, AccessibilityProjector } from './accessibility-projector.js';

// A batch at a time and no inbox: every fact's state document records what it counted, so an event
// read again finds nothing left to change; the journal makes a step's writes all-or-nothing across a
// crash (ADR 0029).
const lane = inGroup(ACCESSIBILITY_GROUP, { batch: true, inbox: false });

/**
 * Everything accessibility and the provider scorecards are counted from (supply, orders, wallets), in
 * one consumer group so that one writer keeps its state documents and counters. The same handlers
 * serve the group of every generation (ADR 0030): the group that called says where to write.
 */
@Controller()
export class AccessibilityConsumer {
  constructor(private readonly projector: AccessibilityProjector) {}

  @EventPattern<EventType>('org-unit.created', lane)
  orgUnitCreated(
    @Payload() events: EventEnvelope<'org-unit.created'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('resident.registered', lane)
  residentRegistered(
    @Payload() events: EventEnvelope<'resident.registered'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('resident.updated', lane)
  residentUpdated(
    @Payload() events: EventEnvelope<'resident.updated'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('resident.moved', lane)
  residentMoved(
    @Payload() events: EventEnvelope<'resident.moved'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('resident.died', lane)
  residentDied(
    @Payload() events: EventEnvelope<'resident.died'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('wallet.credited', lane)
  walletCredited(
    @Payload() events: EventEnvelope<'wallet.credited'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('wallet.debited', lane)
  walletDebited(
    @Payload() events: EventEnvelope<'wallet.debited'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('centre.registered', lane)
  centreRegistered(
    @Payload() events: EventEnvelope<'centre.registered'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('centre.updated', lane)
  centreUpdated(
    @Payload() events: EventEnvelope<'centre.updated'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('centre.deactivated', lane)
  centreDeactivated(
    @Payload() events: EventEnvelope<'centre.deactivated'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('provider.registered', lane)
  providerRegistered(
    @Payload() events: EventEnvelope<'provider.registered'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('provider.updated', lane)
  providerUpdated(
    @Payload() events: EventEnvelope<'provider.updated'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('provider.worker-changed', lane)
  providerWorkerChanged(
    @Payload() events: EventEnvelope<'provider.worker-changed'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('contract.signed', lane)
  contractSigned(
    @Payload() events: EventEnvelope<'contract.signed'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('contract.amended', lane)
  contractAmended(
    @Payload() events: EventEnvelope<'contract.amended'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('contract.closed', lane)
  contractClosed(
    @Payload() events: EventEnvelope<'contract.closed'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.requested', lane)
  orderRequested(
    @Payload() events: EventEnvelope<'order.requested'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.dispatched', lane)
  orderDispatched(
    @Payload() events: EventEnvelope<'order.dispatched'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.accepted', lane)
  orderAccepted(
    @Payload() events: EventEnvelope<'order.accepted'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.declined', lane)
  orderDeclined(
    @Payload() events: EventEnvelope<'order.declined'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.delivered', lane)
  orderDelivered(
    @Payload() events: EventEnvelope<'order.delivered'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.failed', lane)
  orderFailed(@Payload() events: EventEnvelope<'order.failed'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.cancelled', lane)
  orderCancelled(
    @Payload() events: EventEnvelope<'order.cancelled'>[],
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.rated', lane)
  orderRated(@Payload() events: EventEnvelope<'order.rated'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }

  @EventPattern<EventType>('order.paid', lane)
  orderPaid(@Payload() events: EventEnvelope<'order.paid'>[], @Ctx() ctx: HandlerContext): Promise<void> {
    return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
  }
}

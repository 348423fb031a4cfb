import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AnyEvent, EventType } from '#anlao/events';
import type { EventPatternExtras, HandlerContext } from '#anlao/messaging';
import { generationOfGroup } from '../generations/generation.js';

/** A lane's one writer as its consumer sees it: runs of events, each written to one generation. */
export interface LaneProjector<E extends AnyEvent> {
  project(events: readonly E[], generation: string, heartbeat?: () => Promise<void>): Promise<void>;
}

/**
 * The base of a projection lane's consumer: every run of `types` (in `lane`, a batch group) goes to
 * the lane's projector. The same handler serves the group of every generation (ADR 0030): the group
 * that called says where to write, and the consumer's heartbeat is passed on for long runs.
 * `types` are subscribed in their order here.
 */
export function LaneConsumer<E extends AnyEvent>(types: readonly E['type'][], lane: EventPatternExtras) {
  abstract class ProjectionLaneConsumer {
    protected abstract readonly projector: LaneProjector<E>;

    @EventPattern<EventType[]>([...types], lane)
    project(@Payload() events: E[], @Ctx() ctx: HandlerContext): Promise<void> {
      return this.projector.project(events, generationOfGroup(ctx.groupId), ctx.heartbeat);
    }
  }
  return ProjectionLaneConsumer;
}

import { Controller } from '@nestjs/common';
import { inGroup } from '#anlao/messaging';
import { LaneConsumer } from '../projection/lane-consumer.js';
import { ACCESSIBILITY_GROUP, AccessibilityProjector } from './accessibility-projector.js';
import { ACCESSIBILITY_EVENTS, type AccessibilityEvent } from './accessibility-step.js';

/**
 * Everything accessibility and the provider scorecards are counted from (supply, orders, wallets), in
 * one consumer group so that one writer keeps its state documents and counters.
 */
@Controller()
export class AccessibilityConsumer extends LaneConsumer<AccessibilityEvent>(
  ACCESSIBILITY_EVENTS,
  // A batch at a time and no inbox: every fact's state document records what it counted, so an event
  // read again finds nothing left to change; the journal makes a step's writes all-or-nothing across a
  // crash (ADR 0029).
  inGroup(ACCESSIBILITY_GROUP, { batch: true, inbox: false }),
) {
  constructor(protected readonly projector: AccessibilityProjector) {
    super();
  }
}

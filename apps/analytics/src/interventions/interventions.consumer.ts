import { Controller } from '@nestjs/common';
import { inGroup } from '#anlao/messaging';
import { LaneConsumer } from '../projection/lane-consumer.js';
import { INTERVENTIONS_GROUP, InterventionsProjector } from './interventions-projector.js';
import { INTERVENTION_EVENTS, type InterventionEvent } from './interventions-step.js';

/**
 * Everything the interventions reports are counted from, in one consumer group so that one writer
 * keeps the programmes, the hours logs and the counters (FerretDB loses concurrent updates of a document).
 */
@Controller()
export class InterventionsConsumer extends LaneConsumer<InterventionEvent>(
  INTERVENTION_EVENTS,
  // A batch at a time and no inbox: a programme records the facts it read and what it counted, and an
  // hours log is kept once, so an event read again finds nothing left to change; the journal makes a
  // step's writes all-or-nothing across a crash (ADR 0029).
  inGroup(INTERVENTIONS_GROUP, { batch: true, inbox: false }),
) {
  constructor(protected readonly projector: InterventionsProjector) {
    super();
  }
}

import { Controller } from '@nestjs/common';
import { inGroup } from '#anlao/messaging';
import { LaneConsumer } from '../projection/lane-consumer.js';
import { COVERAGE_EVENTS, type CoverageEvent } from './coverage-events.js';
import { COVERAGE_GROUP, CoverageProjector } from './coverage-projector.js';

/**
 * Everything coverage is counted from, in one consumer group so that one writer keeps the residents'
 * profiles, their elder-months and the unit counters (FerretDB loses concurrent updates of a document).
 */
@Controller()
export class CoverageConsumer extends LaneConsumer<CoverageEvent>(
  COVERAGE_EVENTS,
  // A batch at a time and no inbox: an elder-month records the services it counted and what it
  // counted, so an event read again finds nothing left to change; the journal makes the writes of a
  // step all-or-nothing across a crash (ADR 0029). One run name: a partition's registrations,
  // assessments and visits, however they alternate, go to the projector together.
  inGroup(COVERAGE_GROUP, { batch: true, inbox: false, run: 'coverage' }),
) {
  constructor(protected readonly projector: CoverageProjector) {
    super();
  }
}

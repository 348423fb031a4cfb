import 'reflect-metadata';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import type { EventEnvelope } from '#anlao/events';
import { inGroup, type HandlerContext } from '#anlao/messaging';
import { pino } from 'pino';
import { LaneConsumer, type LaneProjector } from './lane-consumer.js';

type Visit = EventEnvelope<'visit.recorded'> | EventEnvelope<'visit.voided'>;

class RecordingProjector implements LaneProjector<Visit> {
  readonly calls: { events: readonly Visit[]; generation: string }[] = [];
  project(events: readonly Visit[], generation: string, heartbeat?: () => Promise<void>): Promise<void> {
    this.calls.push({ events, generation });
    return heartbeat?.() ?? Promise.resolve();
  }
}

const contextOf = (groupId: string, heartbeat?: () => Promise<void>): HandlerContext => ({
  logger: pino({ enabled: false }),
  topic: 'anlao.centres.v1',
  partition: 0,
  offset: '0',
  groupId,
  ...(heartbeat ? { heartbeat } : {}),
});

const lane = inGroup('analytics.test-lane', { batch: true, inbox: false });

class VisitsConsumer extends LaneConsumer<Visit>(['visit.recorded', 'visit.voided'], lane) {
  constructor(protected readonly projector: RecordingProjector) {
    super();
  }
}

describe('LaneConsumer', () => {
  it('subscribes its one handler to every type of the lane, in order, in the lane group', () => {
    const handler = VisitsConsumer.prototype.project;
    expect(Reflect.getMetadata(PATTERN_METADATA, handler)).toEqual(['visit.recorded', 'visit.voided']);
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler)).toEqual(lane);
  });

  it('writes a run to the generation of the group that called, passing the heartbeat on', async () => {
    const projector = new RecordingProjector();
    const consumer = new VisitsConsumer(projector);
    let beats = 0;
    const heartbeat = () => Promise.resolve(void (beats += 1));
    await consumer.project([], contextOf('analytics.test-lane'));
    await consumer.project([], contextOf('analytics.test-lane@g2', heartbeat));
    expect(projector.calls.map((c) => c.generation)).toEqual(['g0', 'g2']);
    expect(beats).toBe(1);
  });
});

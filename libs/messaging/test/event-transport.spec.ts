import {
  Controller,
  type DynamicModule,
  Module,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MongoClient } from 'mongodb';
import { createEvent, topicName, Topics, type EventEnvelope, type EventType } from '#anlao/events';
import {
  connectEventTransport,
  EventTransport,
  inGroup,
  MessagingModule,
  MessagingRuntime,
  TransientError,
  type EventProducer,
  type HandlerContext,
} from '#anlao/messaging';
import { PlatformModule, type ServiceDefinition } from '#anlao/platform';
import {
  dropDatabases,
  eventually,
  MONGO_URL,
  readTopic,
  startService,
  testConfig,
  testProducer,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';

/** What the handlers below saw: every call, and the events each applied (as a set: handlers are idempotent). */
const seen = {
  batchCalls: [] as string[][],
  counted: new Set<string>(),
  registered: [] as string[],
  contexts: [] as HandlerContext[],
  failuresLeft: 0,
  moduleInits: 0,
  bootstraps: 0,
};

function visit(visitId: string, residentId = 'r-1'): EventEnvelope<'visit.recorded'> {
  return createEvent({
    type: 'visit.recorded',
    source: 'test',
    // One subject: one partition, so the events come in one run.
    subject: 'c-1',
    orgUnit: '2101',
    correlationId: `corr-${visitId}`,
    payload: {
      visitId,
      centreId: 'c-1',
      residentId,
      activity: 'meal',
      checkInAt: '2026-11-25T01:00:00.000Z',
      checkOutAt: null,
    },
  });
}

@Controller()
class TestEvents implements OnModuleInit, OnApplicationBootstrap {
  onModuleInit(): void {
    seen.moduleInits++;
  }

  onApplicationBootstrap(): void {
    seen.bootstraps++;
  }

  @EventPattern<EventType>('visit.recorded', inGroup('test.fold', { batch: true, maxAttempts: 2 }))
  visits(@Payload() events: EventEnvelope<'visit.recorded'>[]): Promise<void> {
    seen.batchCalls.push(events.map((e) => e.payload.visitId));
    // A poison event fails the run it is in: the others must still be applied, once.
    if (events.some((e) => e.payload.residentId === 'poison')) throw new Error('cannot count this one');
    for (const e of events) seen.counted.add(e.payload.visitId);
    return Promise.resolve();
  }

  @EventPattern<EventType>('centre.registered', inGroup('test.single'))
  centre(@Payload() event: EventEnvelope<'centre.registered'>, @Ctx() ctx: HandlerContext): Promise<void> {
    seen.contexts.push(ctx);
    if (seen.failuresLeft > 0) {
      seen.failuresLeft--;
      // The store "is away": the consumer must wait and retry, never dead-letter.
      return Promise.reject(new TransientError('store unavailable'));
    }
    seen.registered.push(event.payload.centreId);
    return Promise.resolve();
  }
}

@Module({ controllers: [TestEvents] })
class TestEventsModule {}

function testService(): ServiceDefinition {
  return {
    name: 'transport-test',
    title: 'transport test',
    description: 'a hybrid app with event handlers',
    defaultPort: 0,
    module: (config, logger): DynamicModule => ({
      module: TestEventsModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({ topics: [Topics.centres] }),
      ],
    }),
    connectTransports: connectEventTransport,
  };
}

describe('@EventPattern handlers served by the event transport (real broker and store)', () => {
  const ns = uniqueNamespace();
  let service: RunningService;
  let producer: EventProducer;
  let mongo: MongoClient;

  beforeAll(async () => {
    service = await startService(testService(), testConfig('transport-test', ns));
    producer = await testProducer(ns);
    mongo = await MongoClient.connect(MONGO_URL);
  });

  afterAll(async () => {
    await service.close();
    await producer.disconnect();
    await mongo.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('starts one consumer per group named by the handlers, on the topics of their event types', () => {
    const groups = service.app.get(EventTransport).groups();
    expect(groups.map((g) => ({ id: g.groupId, topics: g.topics, maxAttempts: g.maxAttempts }))).toEqual([
      { id: 'test.fold', topics: [Topics.centres], maxAttempts: 2 },
      { id: 'test.single', topics: [Topics.centres], maxAttempts: undefined },
    ]);
    const statuses = service.app.get(MessagingRuntime).consumerStatuses();
    expect(statuses.map((s) => s.groupId).sort()).toEqual(['test.fold', 'test.single']);
    // The hybrid app runs lifecycle hooks once, not once more for its microservice.
    expect([seen.moduleInits, seen.bootstraps]).toEqual([1, 1]);
  });

  it('gives a batch handler whole runs, applies each event once and records every inbox entry', async () => {
    const events = Array.from({ length: 40 }, (_, i) => visit(`v${i}`));
    await producer.publish(events);
    await producer.publish(events.slice(0, 5)); // redelivered copies change nothing
    await eventually(
      () => Promise.resolve(seen.counted.size),
      (n) => n === 40,
    );
    // Folded: far fewer calls than events.
    expect(seen.batchCalls.length).toBeLessThan(40);
    expect(seen.batchCalls.flat().filter((v) => v === 'v0')).toHaveLength(1);
    const inbox = mongo.db(`${ns.dbPrefix}transport-test`).collection<{ _id: string }>('inbox');
    await eventually(
      () => inbox.countDocuments({ _id: { $in: events.map((e) => `test.fold:${e.id}`) } }),
      (n) => n === 40,
    );
  });

  it('isolates a poison event of a run: the others are applied, it alone is dead-lettered', async () => {
    const run = [visit('p-before'), visit('p-poison', 'poison'), visit('p-after')];
    await producer.publish(run);
    await eventually(
      () => Promise.resolve(seen.counted),
      (c) => c.has('p-before') && c.has('p-after'),
    );
    expect(seen.counted.has('p-poison')).toBe(false);
    const letters = await readTopic(topicName(Topics.deadLetters, ns.topicPrefix), (m) => m.length >= 1);
    const bodies = letters.map((m) => JSON.parse(m.value?.toString() ?? '{}') as Record<string, unknown>);
    expect(bodies).toHaveLength(1);
    // The handler's own error reached the consumer (not Nest's "Internal server error").
    expect(bodies[0]).toMatchObject({
      groupId: 'test.fold',
      attempts: 2,
      error: { name: 'Error', message: 'cannot count this one' },
    });
  });

  it('waits out an infrastructure failure of a single handler: retried, never dead-lettered', async () => {
    seen.failuresLeft = 3;
    const event = createEvent({
      type: 'centre.registered',
      source: 'test',
      subject: 'c-9',
      orgUnit: '2101',
      correlationId: 'corr-c9',
      payload: { centreId: 'c-9', kind: 'day-care', communityPath: '2101.210102', capacity: 30 },
    });
    await producer.publish([event]);
    await eventually(
      () => Promise.resolve(seen.registered),
      (r) => r.includes('c-9'),
    );
    expect(seen.failuresLeft).toBe(0);
    expect(seen.contexts.at(-1)).toMatchObject({ topic: topicName(Topics.centres, ns.topicPrefix) });
    // Healthy again once the write after the handler (its inbox entry) went through too.
    const single = await eventually(
      () =>
        Promise.resolve(
          service.app
            .get(MessagingRuntime)
            .consumerStatuses()
            .find((s) => s.groupId === 'test.single'),
        ),
      (status) => status?.health === 'healthy',
    );
    expect(single).toMatchObject({ deadLettered: 0, health: 'healthy' });
    expect(single?.infrastructureRetries).toBeGreaterThanOrEqual(3);
  });
});

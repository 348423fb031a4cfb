import { Catch, type INestApplication, type RpcExceptionFilter } from '@nestjs/common';
import {
  NestMicroservice,
  Server,
  type CustomTransportStrategy,
  type MessageHandler,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import { EventCatalog, isEventType, type EventType, type TopicName } from '#anlao/events';
import type { ConsumerOptions, HandlerContext } from './consumer-types.js';

/** What the transport needs of `MessagingRuntime` (which owns consumers for readiness and shutdown). */
export interface ConsumerStarter {
  startConsumer(options: ConsumerOptions): Promise<unknown>;
}

/** What an `@EventPattern` handler says about the consumer group that serves it. */
export interface EventPatternExtras {
  /** The consumer group (without the test prefix): its own offsets and inbox entries. */
  group: string;
  /** The handler takes a run of events of this type (`EventEnvelope<T>[]`) and folds them. */
  batch?: boolean;
  /** `false` only for handlers idempotent by nature (see `ConsumerOptions.inbox`). */
  inbox?: boolean;
  maxAttempts?: number;
  /** Batch handlers of a group sharing this name take runs of all their types together (`ConsumerOptions.runNames`). */
  run?: string;
}

/** Extras for `@EventPattern(type, inGroup('analytics.centre-visits', { batch: true }))`. */
export function inGroup(group: string, options: Omit<EventPatternExtras, 'group'> = {}): EventPatternExtras {
  return { group, ...options };
}

type Invoker = (data: unknown, ctx: HandlerContext) => Promise<void>;

/**
 * The Nest transport of every service: `@EventPattern` handlers in controllers,
 * served by our batch consumer (inbox, failure classes, dead letters,
 * readiness). Nest's own Kafka transport is not used because a throwing handler
 * blocks its partition for good. Each `group` named by the handlers becomes one
 * consumer of the topics its event types live on.
 */
export class EventTransport extends Server implements CustomTransportStrategy {
  // Handler errors reach our consumer, which classifies them (retry, wait or dead-letter).
  override readonly propagatesEventHandlerErrors = true;

  constructor(private runtime: ConsumerStarter) {
    super();
  }

  /**
   * Has the groups started by `starter` instead of the runtime (which `starter` then calls itself):
   * say, to run a group under other ids too (analytics' generations, ADR 0030). Before the app listens.
   */
  routeThrough(starter: ConsumerStarter): void {
    this.runtime = starter;
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.startGroups().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** The runtime stops every consumer at shutdown (before the producer goes). */
  close(): void {}

  on(): never {
    throw new Error('the event transport emits no events of its own');
  }

  unwrap<T>(): T {
    throw new Error('the event transport wraps no single client');
  }

  /** The consumer groups the registered handlers ask for. */
  groups(): ConsumerOptions[] {
    const groups = new Map<string, ConsumerOptions & { topicSet: Set<TopicName> }>();
    for (const [pattern, head] of this.getHandlers()) {
      if (!isEventType(pattern)) throw new Error(`@EventPattern('${pattern}') names no catalogued event`);
      // Several handlers of one pattern (say, in two groups) are chained by Nest.
      for (let handler: MessageHandler | undefined = head; handler; handler = handler.next) {
        const extras = handler.extras as Partial<EventPatternExtras> | undefined;
        if (!handler.isEventHandler || !extras?.group)
          throw new Error(`@EventPattern('${pattern}') needs inGroup(...) extras naming its consumer group`);
        const group = groups.get(extras.group) ?? {
          groupId: extras.group,
          topics: [],
          topicSet: new Set<TopicName>(),
          handlers: {},
          batchHandlers: {},
          runNames: {},
          ...(extras.inbox === false ? { inbox: false } : {}),
          ...(extras.maxAttempts ? { maxAttempts: extras.maxAttempts } : {}),
        };
        group.topicSet.add(EventCatalog[pattern].topic);
        const invoke = invoker(handler);
        if (extras.batch) (group.batchHandlers as Record<EventType, Invoker>)[pattern] = invoke;
        if (extras.batch && extras.run) (group.runNames as Record<EventType, string>)[pattern] = extras.run;
        else (group.handlers as Record<EventType, Invoker>)[pattern] = invoke;
        groups.set(extras.group, group);
      }
    }
    return [...groups.values()].map(({ topicSet, ...options }) => ({ ...options, topics: [...topicSet] }));
  }

  private async startGroups(): Promise<void> {
    for (const options of this.groups()) await this.runtime.startConsumer(options);
  }
}

/** Calls a Nest handler and waits for its result, so a failure reaches the consumer as thrown. */
function invoker(handler: MessageHandler): Invoker {
  return async (data, ctx) => {
    const result: unknown = await handler(data, ctx);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  };
}

/**
 * Nest's default RPC filter turns any error into "Internal server error" (and logs
 * the whole exception). The consumer needs the error itself to classify it.
 */
@Catch()
export class RethrowToConsumer implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Makes the service a hybrid app: HTTP plus the event transport. Called by
 * `createApp` before `init`; the consumers start after it, before `listen`.
 */
export function connectEventTransport(app: INestApplication): void {
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: app.get(EventTransport) },
    // HTTP's pipes and problem+json filter mean nothing to an event. Deferred, so the
    // handlers are wired when the consumers start, with the filter below in place.
    { inheritAppConfig: false, deferInitialization: true },
  );
  microservice.useGlobalFilters(new RethrowToConsumer());
  // The app's own init runs every module's hooks once; the deferred microservice must not again.
  if (microservice instanceof NestMicroservice) microservice.setIsInitHookCalled(true);
  else throw new Error('the event transport needs the hybrid app of @nestjs/microservices');
}

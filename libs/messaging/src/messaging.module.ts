import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { TopicName } from '#anlao/events';
import { CONFIG, LOGGER, ReadinessRegistry, type ServiceConfig } from '#anlao/platform';
import { createKafka, ensureTopics, type KafkaSettings } from './kafka.js';
import { EventProducer } from './event-producer.js';
import { EventConsumer } from './event-consumer.js';
import type { ConsumerOptions } from './consumer-types.js';
import { OutboxRelay, type OutboxModel, type RelayOptions } from './outbox.js';
import { EventTransport } from './event-transport.js';
import { GroupProgress } from './group-progress.js';
import { InboxRetention, topicRetentionOf } from './retention.js';

export const KAFKA = Symbol('anlao.kafka');
export const KAFKA_SETTINGS = Symbol('anlao.kafka-settings');

export interface MessagingOptions {
  /** Every topic this service produces to or consumes from; created at start. */
  topics: TopicName[];
}

export function kafkaSettingsOf(config: ServiceConfig): KafkaSettings {
  return {
    clientId: config.SERVICE,
    brokers: config.KAFKA_BROKERS.split(','),
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    retention: topicRetentionOf(config),
  };
}

/**
 * Owns a service's Kafka lifecycle: topics first, then the producer, then relays
 * and consumers; on shutdown consumers stop, relays flush, the producer goes last.
 */
@Injectable()
export class MessagingRuntime implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly consumers: EventConsumer[] = [];
  private readonly relays: OutboxRelay[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject('ANLAO_MESSAGING_OPTIONS') private readonly options: MessagingOptions,
    @Inject(getConnectionToken()) private readonly connection: Connection,
    readonly producer: EventProducer,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(this.kafka, this.settings, this.options.topics);
    await this.producer.connect();
    this.readiness.register({
      key: 'kafka',
      check: () => {
        const consumers = this.consumers.map((c) => c.status());
        const relays = this.relays.map((r) => r.status());
        const problems = [
          ...(this.producer.isConnected() ? [] : ['producer not connected']),
          ...consumers.flatMap((c) =>
            c.crashed
              ? [`consumer ${c.groupId} crashed: ${c.crashed}`]
              : !c.joined
                ? [`consumer ${c.groupId} not in its group`]
                : c.health === 'degraded'
                  ? [`consumer ${c.groupId} degraded since ${c.failingSince}: ${c.lastError}`]
                  : [],
          ),
          ...relays.flatMap((r) => (r.lastError ? [`outbox relay failing: ${r.lastError}`] : [])),
        ];
        // A degraded consumer loses nothing (its partition waits), but the service is not whole: say so.
        if (problems.length > 0) return Promise.reject(new Error(problems.join('; ')));
        const outboxQuarantined = relays.reduce((sum, r) => sum + r.quarantined, 0);
        return Promise.resolve({ producer: 'connected', consumers, outboxQuarantined });
      },
    });
  }

  /** An outbox relay over the given aggregate models, started now. */
  startRelay(models: OutboxModel[], options: RelayOptions = {}): OutboxRelay {
    const relay = new OutboxRelay(
      models,
      this.producer,
      this.logger.child({ component: 'outbox-relay' }),
      this.config.OUTBOX_POLL_MS,
      200,
      options,
    );
    this.relays.push(relay);
    if (this.config.OUTBOX_RELAY === 'on') relay.start();
    return relay;
  }

  /** A consumer whose inbox lives in this service's own database. */
  async startConsumer(options: ConsumerOptions): Promise<EventConsumer> {
    const consumer = new EventConsumer(
      this.kafka,
      this.producer,
      this.connection.collection('inbox'),
      this.settings.topicPrefix,
      this.logger.child({ component: 'consumer', groupId: options.groupId }),
      options,
    );
    this.consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  /**
   * Stops a consumer this runtime started and forgets it (readiness no longer waits for it): for
   * consumers that end while the service runs on (analytics retiring a generation, ADR 0030).
   */
  async stopConsumer(consumer: EventConsumer): Promise<void> {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
    await consumer.stop();
  }

  /** Asks every relay for a pass now (after a write that must leave at once, e.g. a revocation). */
  notifyRelays(): void {
    for (const relay of this.relays) relay.notify();
  }

  consumerStatuses() {
    return this.consumers.map((c) => c.status());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    await Promise.allSettled(this.relays.map((r) => r.stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: 'ANLAO_MESSAGING_OPTIONS', useValue: options },
        { provide: KAFKA_SETTINGS, inject: [CONFIG], useFactory: kafkaSettingsOf },
        {
          provide: KAFKA,
          inject: [KAFKA_SETTINGS, LOGGER],
          useFactory: (settings: KafkaSettings, logger: Logger) => createKafka(settings, logger),
        },
        {
          provide: EventProducer,
          inject: [KAFKA, KAFKA_SETTINGS, LOGGER],
          useFactory: (kafka: Kafka, settings: KafkaSettings, logger: Logger) =>
            new EventProducer(kafka, settings.topicPrefix, logger.child({ component: 'producer' })),
        },
        MessagingRuntime,
        InboxRetention,
        {
          provide: GroupProgress,
          inject: [KAFKA, KAFKA_SETTINGS],
          useFactory: (kafka: Kafka, settings: KafkaSettings) => new GroupProgress(kafka, settings),
        },
        {
          provide: EventTransport,
          inject: [MessagingRuntime],
          useFactory: (runtime: MessagingRuntime) => new EventTransport(runtime),
        },
      ],
      exports: [KAFKA, KAFKA_SETTINGS, EventProducer, MessagingRuntime, EventTransport, GroupProgress],
    };
  }
}
